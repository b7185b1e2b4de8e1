package dev.librarian.store.db;

import dev.librarian.testing.StoreEngines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a transaction leaves for after its release (each store's vector index update) runs side by side. */
class AfterReleaseTest {

    @TempDir
    Path dir;
    private String url;
    private LibraryDatabase db;
    private ExecutorService pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (db != null) {
            db.close();
        }
        if (url != null) {
            StoreEngines.drop(url);
        }
    }

    @Test
    void the_actions_of_one_transaction_run_at_the_same_time_and_all_before_it_returns() {
        open();
        pool = Executors.newFixedThreadPool(2);
        db.runAfterReleaseOn(pool);
        // each action waits for the other two: they finish only when all three run at once
        CyclicBarrier allThree = new CyclicBarrier(3);
        Set<String> ran = ConcurrentHashMap.newKeySet();
        db.inTransaction(c -> {
            for (String name : List.of("chunks", "entities", "relationships")) {
                db.afterRelease(name, () -> {
                    await(allThree);
                    ran.add(name);
                });
            }
            return null;
        });
        assertEquals(Set.of("chunks", "entities", "relationships"), ran);
    }

    @Test
    void a_stopped_pool_leaves_the_actions_to_the_transactions_thread_and_a_failure_reaches_it() {
        open();
        pool = Executors.newFixedThreadPool(2);
        pool.shutdown();
        db.runAfterReleaseOn(pool);
        Set<String> ran = ConcurrentHashMap.newKeySet();
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> db.inTransaction(c -> {
            db.afterRelease("first", () -> ran.add("first"));
            db.afterRelease("failing", () -> {
                throw new IllegalStateException("the index is broken");
            });
            db.afterRelease("last", () -> ran.add("last"));
            return null;
        }));
        assertEquals("the index is broken", failure.getMessage());
        assertEquals(Set.of("first", "last"), ran, "the other actions still ran");
    }

    private void open() {
        url = StoreEngines.SQLITE.freshUrl();
        db = LibraryDatabase.open(url, dir);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the actions did not run side by side", e);
        }
    }
}
