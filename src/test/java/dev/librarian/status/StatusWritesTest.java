package dev.librarian.status;

import dev.librarian.documents.IncomingDocument;
import dev.librarian.intake.DocumentIds;
import dev.librarian.store.CachedKvStore;
import dev.librarian.store.db.LibraryDatabase;
import dev.librarian.testing.TestDatabase;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A status change that waits for the store (another transaction holds the writer's turn, as a merge does) holds up
 * nobody but later changes of the same document: status readers answer, and progress of the document in flight is
 * not written over its new state.
 */
class StatusWritesTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @Test
    void readers_do_not_wait_for_a_status_write_that_waits_for_the_store(@TempDir Path dir) throws Exception {
        try (TestDatabase database = TestDatabase.in(dir); DefaultCamelContext camel = new DefaultCamelContext()) {
            LibraryDatabase db = database.db();
            DocStatusRepository status = repository(database);
            IncomingDocument done = document("done.txt", "A text that is about to be processed.");
            IncomingDocument other = document("other.txt", "Another text, still pending.");
            assertTrue(status.add(exchange(camel, done), done.idempotencyKey()));
            assertTrue(status.add(exchange(camel, other), other.idempotencyKey()));

            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Background merge = Background.run("merge", () -> db.inTransaction(() -> {
                held.countDown();
                await(release);
            }));
            assertTrue(held.await(10, TimeUnit.SECONDS));
            Background processed = Background.run("mark-processed", () -> status.markProcessed(done.docId()));
            processed.awaitWaiting();

            assertTimeoutPreemptively(PROMPTLY, () -> {
                assertEquals(Map.of("pending", 2, "processing", 0, "processed", 0, "failed", 0), status.counts());
                assertEquals(2, status.all().size());
                assertEquals(DocStatus.PENDING, status.statusOf(other.docId()).orElseThrow());
                status.recordProgress(other.docId(), DocProgress.finished(0, 3));
                status.recordProgress(done.docId(), DocProgress.finished(1, 3));
            }, "status readers waited for a write of another document's status");
            assertTrue(processed.isAlive(), "the status write commits only when the writer's turn is free");

            release.countDown();
            merge.join();
            processed.join();
            status.flushProgress();

            DocStatusRepository reopened = repository(database.reopen());
            assertEquals(DocStatus.PROCESSED, reopened.statusOf(done.docId()).orElseThrow(),
                    "progress that arrived during the write was not flushed over the processed record");
            assertEquals(DocStatus.PENDING, reopened.statusOf(other.docId()).orElseThrow());
            assertEquals(3, reopened.record(other.docId()).orElseThrow().progress().chunksTotal(),
                    "the other document's progress was written");
        }
    }

    @Test
    void changes_of_one_document_are_written_in_the_order_they_were_made(@TempDir Path dir) throws Exception {
        try (TestDatabase database = TestDatabase.in(dir); DefaultCamelContext camel = new DefaultCamelContext()) {
            LibraryDatabase db = database.db();
            DocStatusRepository status = repository(database);
            IncomingDocument doc = document("book.txt", "A book that fails after it was processed once.");
            assertTrue(status.add(exchange(camel, doc), doc.idempotencyKey()));

            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Background merge = Background.run("merge", () -> db.inTransaction(() -> {
                held.countDown();
                await(release);
            }));
            assertTrue(held.await(10, TimeUnit.SECONDS));
            Background processed = Background.run("mark-processed", () -> status.markProcessed(doc.docId()));
            processed.awaitWaiting();
            Background failed = Background.run("mark-failed", () -> status.markFailed(doc.docId(), "the second change"));
            failed.awaitWaiting();
            release.countDown();
            merge.join();
            processed.join();
            failed.join();

            assertEquals(DocStatus.FAILED, repository(database.reopen()).statusOf(doc.docId()).orElseThrow(),
                    "the later change is the one stored");
        }
    }

    private static DocStatusRepository repository(TestDatabase database) {
        return new DocStatusRepository(new CachedKvStore(database.kv("doc_status"), database.db()),
                database.kv("full_docs"), database.db(), Clock.systemUTC(), new ChunkOptions(1200, 100));
    }

    private static IncomingDocument document(String name, String text) {
        return new IncomingDocument(DocumentIds.docId(name, text), name, text, DocumentIds.md5Hex(text),
                "insert_test", Map.of());
    }

    private static Exchange exchange(DefaultCamelContext camel, IncomingDocument doc) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(doc);
        return exchange;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A task on a thread of its own, whose waiting can be observed. */
    private static final class Background {
        private final Thread thread;
        private volatile Throwable failure;

        private Background(Runnable task, String name) {
            thread = new Thread(() -> {
                try {
                    task.run();
                } catch (Throwable e) {
                    failure = e;
                }
            }, name);
        }

        static Background run(String name, Runnable task) {
            Background background = new Background(task, name);
            background.thread.start();
            return background;
        }

        /** Waits until the task waits (for the store's writer or for another change of its document). */
        void awaitWaiting() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.BLOCKED) {
                assertTrue(thread.isAlive() && System.nanoTime() < deadline, thread.getName() + " never waited");
                Thread.onSpinWait();
            }
        }

        boolean isAlive() {
            return thread.isAlive();
        }

        void join() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(thread.isAlive(), thread.getName() + " did not finish");
            if (failure != null) {
                throw new AssertionError(thread.getName() + " failed", failure);
            }
        }
    }
}
