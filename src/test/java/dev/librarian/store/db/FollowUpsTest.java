package dev.librarian.store.db;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FollowUpsTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void theActionsRunSideBySideAndTheCallerWaitsForAll() {
        // each action waits until all three have started: run one after another, none would ever finish
        CountDownLatch started = new CountDownLatch(3);
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        Runnable action = () -> {
            threads.add(Thread.currentThread().getName());
            started.countDown();
            await(started);
        };

        new FollowUps(pool).run(List.of(action, action, action));

        assertEquals(3, threads.size());
        assertTrue(threads.contains(Thread.currentThread().getName()), "the caller runs one: " + threads);
        assertEquals(3, threads.stream().distinct().count(), "three threads: " + threads);
    }

    @Test
    void whatTheExecutorRefusesRunsInTheCallingThread() {
        pool.shutdown();
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        Runnable action = () -> threads.add(Thread.currentThread().getName());

        new FollowUps(pool).run(List.of(action, action, action));

        String caller = Thread.currentThread().getName();
        assertEquals(List.of(caller, caller, caller), threads);
    }

    @Test
    void aFailureOfAnotherThreadsActionReachesTheCallerAfterTheRestIsDone() {
        CountDownLatch slowDone = new CountDownLatch(1);
        Runnable slow = () -> {
            sleep(200);
            slowDone.countDown();
        };
        Runnable failing = () -> {
            throw new IllegalStateException("the relation index could not take the vectors");
        };

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new FollowUps(pool).run(List.of(slow, failing)));
        assertEquals("the relation index could not take the vectors", e.getMessage());
        assertEquals(0, slowDone.getCount(), "the caller's own action finished first");
    }

    @Test
    void withoutAnExecutorTheActionsRunInOrderInTheCallingThread() {
        List<Integer> order = new ArrayList<>();

        FollowUps.inCallingThread().run(List.of(() -> order.add(1), () -> order.add(2), () -> order.add(3)));

        assertEquals(List.of(1, 2, 3), order);
    }

    @Test
    void aRejectingExecutorIsNotAFailure() {
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        new FollowUps(task -> {
            throw new RejectedExecutionException("full");
        }).run(List.of(() -> ran.add(1), () -> ran.add(2)));

        assertEquals(List.of(1, 2), ran);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "all actions started");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
