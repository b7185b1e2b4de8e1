package dev.librarian.store.db;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one transaction's follow-up work (applying it to each derived vector index) side by side: the indexes are
 * independent, and a merge's write waits for all of them. The caller runs one of them itself, and any the executor
 * refuses (full, or shut down with the service); it returns when all are done, with the first failure.
 */
final class FollowUps {

    private final Executor executor;

    FollowUps(Executor executor) {
        this.executor = executor;
    }

    /** Runs each action in the calling thread. */
    static FollowUps inCallingThread() {
        return new FollowUps(null);
    }

    void run(List<Runnable> actions) {
        if (executor == null || actions.size() < 2) {
            runAll(actions);
            return;
        }
        List<FutureTask<Void>> handedOff = new ArrayList<>();
        List<Runnable> mine = new ArrayList<>(List.of(actions.get(0)));
        for (Runnable action : actions.subList(1, actions.size())) {
            FutureTask<Void> task = new FutureTask<>(action, null);
            try {
                executor.execute(task);
                handedOff.add(task);
            } catch (RejectedExecutionException e) {
                mine.add(action);
            }
        }
        RuntimeException failure = null;
        try {
            runAll(mine);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<Void> task : handedOff) {
            RuntimeException e = outcome(task);
            if (failure == null) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void runAll(List<Runnable> actions) {
        actions.forEach(Runnable::run);
    }

    /** Waits for {@code task}; its failure, or null. */
    private static RuntimeException outcome(Future<Void> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return null;
                } catch (InterruptedException e) {
                    // the work is under way on another thread and cannot be withdrawn: wait for its outcome
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException cause) {
                        return cause;
                    }
                    if (e.getCause() instanceof Error cause) {
                        throw cause;
                    }
                    return new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
