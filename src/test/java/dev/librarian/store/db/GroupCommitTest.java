package dev.librarian.store.db;

import dev.librarian.testing.StoreEngines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Writes of concurrent callers share transactions; each caller still gets its own write kept whole or not at all. */
class GroupCommitTest {

    @TempDir
    Path dir;
    private String url;
    private LibraryDatabase db;

    static Stream<StoreEngines> engines() {
        return StoreEngines.both();
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        if (url != null) {
            StoreEngines.drop(url);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void writes_queued_behind_a_long_transaction_commit_together_and_a_failing_one_loses_only_itself(
            StoreEngines engine) throws Exception {
        url = engine.freshUrl();
        db = LibraryDatabase.open(url, dir);
        int writers = 20;
        Set<String> committedActions = ConcurrentHashMap.newKeySet();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            Future<?> longTransaction = pool.submit(() -> db.inTransaction(c -> {
                insert(c, "long");
                holding.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertTrue(holding.await(30, TimeUnit.SECONDS));
            long commitsBefore = db.commits();
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String key = i == 7 ? "bad" : "w" + i;
                writes.add(pool.submit(() -> db.write(c -> {
                    insert(c, key);
                    db.afterCommit(() -> committedActions.add(key));
                    if (key.equals("bad")) {
                        throw new IllegalStateException("this write fails after its insert");
                    }
                    return null;
                })));
            }
            // the first writer takes its own turn and waits for the long transaction; the others queue behind it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (db.queuedWrites() < writers - 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(writers - 1, db.queuedWrites(), "writers queued behind the long transaction");
            release.countDown();
            longTransaction.get(30, TimeUnit.SECONDS);
            int failed = 0;
            for (Future<?> w : writes) {
                try {
                    w.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertEquals("this write fails after its insert", e.getCause().getMessage());
                    failed++;
                }
            }
            assertEquals(1, failed, "only the failing write's caller sees a failure");
            List<String> keys = keys();
            assertEquals(writers, keys.size(), "the long transaction and 19 writes: " + keys);
            assertFalse(keys.contains("bad"), "the failed write's insert is rolled back");
            assertEquals(writers - 1, committedActions.size());
            assertFalse(committedActions.contains("bad"), "a failed write's after-commit action never runs");
            long commits = db.commits() - commitsBefore;
            assertTrue(commits <= 3, "20 queued writes committed in " + commits + " transactions (the long one too)");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void a_write_inside_an_open_transaction_joins_it(StoreEngines engine) {
        url = engine.freshUrl();
        db = LibraryDatabase.open(url, dir);
        try {
            db.inTransaction(c -> {
                db.write(inner -> insert(inner, "joined"));
                throw new IllegalStateException("the outer transaction fails");
            });
            fail("the transaction should have failed");
        } catch (IllegalStateException expected) {
            assertTrue(keys().isEmpty(), "the joined write went with the outer transaction");
        }
    }

    private static Void insert(java.sql.Connection c, String key) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO kv (ns, k, v, seq) VALUES ('test', ?, '{}', 0)")) {
            s.setString(1, key);
            s.executeUpdate();
        }
        return null;
    }

    private List<String> keys() {
        return db.read(c -> {
            List<String> keys = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT k FROM kv WHERE ns = 'test' ORDER BY k");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
            return keys;
        });
    }
}
