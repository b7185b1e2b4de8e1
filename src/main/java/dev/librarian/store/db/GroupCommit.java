package dev.librarian.store.db;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs small writes of concurrent callers in shared transactions: while one transaction waits for or holds the
 * writer's turn, the writes that arrive meanwhile queue up, and the first of their callers commits them all at once.
 * Each write runs in a savepoint of its own, so one that fails leaves the others committed and only its own caller
 * sees the failure. Callers return once their write is committed (or failed), as with a transaction of their own.
 */
final class GroupCommit {

    private final LibraryDatabase db;
    private final Object turn = new Object();
    private List<Write<?>> waiting = new ArrayList<>();
    private boolean committing;

    GroupCommit(LibraryDatabase db) {
        this.db = db;
    }

    /** Writes queued for the next shared transaction. */
    int queued() {
        synchronized (turn) {
            return waiting.size();
        }
    }

    <T> T run(SqlWork<T> work) {
        Write<T> mine = new Write<>(work);
        List<Write<?>> batch;
        synchronized (turn) {
            waiting.add(mine);
            boolean interrupted = false;
            while (committing && !mine.finished) {
                try {
                    turn.wait();
                } catch (InterruptedException e) {
                    // the write may already be in a running batch: it cannot be withdrawn, so wait for its outcome
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (mine.finished) {
                return mine.outcome();
            }
            committing = true;
            batch = waiting;
            waiting = new ArrayList<>();
        }
        try {
            db.inTransaction(c -> {
                batch.forEach(Write::runInSavepoint);
                return null;
            }, true);
        } catch (RuntimeException | Error e) {
            batch.forEach(w -> w.commitFailed(e));
        } finally {
            synchronized (turn) {
                committing = false;
                batch.forEach(w -> w.finished = true);
                turn.notifyAll();
            }
        }
        return mine.outcome();
    }

    /** One caller's write and what became of it. */
    private final class Write<T> {
        private final SqlWork<T> work;
        private T result;
        private Throwable failure;
        private boolean finished;

        Write(SqlWork<T> work) {
            this.work = work;
        }

        void runInSavepoint() {
            try {
                result = db.inSavepoint(work);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }

        void commitFailed(Throwable e) {
            if (failure == null) {
                failure = e;
            }
        }

        T outcome() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return result;
        }
    }
}
