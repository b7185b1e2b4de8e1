package dev.librarian.status;

import dev.librarian.intake.DocumentIds;
import dev.librarian.intake.IncomingDocument;
import dev.librarian.store.CachedKvStore;
import dev.librarian.store.db.LibraryDatabase;
import dev.librarian.testing.TestDatabase;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

    @TempDir
    Path dir;
    private TestDatabase database;
    private DefaultCamelContext camel;
    private DocStatusRepository status;

    @BeforeEach
    void open() {
        database = TestDatabase.in(dir);
        camel = new DefaultCamelContext();
        status = repository(database);
    }

    @AfterEach
    void close() throws Exception {
        camel.close();
        database.close();
    }

    @Test
    void readers_do_not_wait_for_a_status_write_that_waits_for_the_store() throws Exception {
        IncomingDocument done = register("done.txt", "A text that is about to be processed.");
        IncomingDocument other = register("other.txt", "Another text, still pending.");

        HeldWriter merge = HeldWriter.hold(database.db());
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

        merge.release();
        processed.join();
        status.flushProgress();

        DocStatusRepository reopened = repository(database.reopen());
        assertEquals(DocStatus.PROCESSED, reopened.statusOf(done.docId()).orElseThrow(),
                "progress that arrived during the write was not flushed over the processed record");
        assertEquals(DocStatus.PENDING, reopened.statusOf(other.docId()).orElseThrow());
        assertEquals(3, reopened.record(other.docId()).orElseThrow().progress().chunksTotal(),
                "the other document's progress was written");
    }

    @Test
    void changes_of_one_document_are_written_in_the_order_they_were_made() throws Exception {
        IncomingDocument doc = register("book.txt", "A book that fails after it was processed once.");

        HeldWriter merge = HeldWriter.hold(database.db());
        Background processed = Background.run("mark-processed", () -> status.markProcessed(doc.docId()));
        processed.awaitWaiting();
        Background failed = Background.run("mark-failed", () -> status.markFailed(doc.docId(), "the second change"));
        failed.awaitWaiting();
        merge.release();
        processed.join();
        failed.join();

        assertEquals(DocStatus.FAILED, repository(database.reopen()).statusOf(doc.docId()).orElseThrow(),
                "the later change is the one stored");
    }

    private IncomingDocument register(String name, String text) {
        IncomingDocument doc = new IncomingDocument(DocumentIds.docId(name, text), name, text,
                DocumentIds.md5Hex(text), "insert_test", Map.of());
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(doc);
        assertTrue(status.add(exchange, doc.idempotencyKey()));
        return doc;
    }

    private static DocStatusRepository repository(TestDatabase database) {
        return new DocStatusRepository(new CachedKvStore(database.kv("doc_status"), database.db()),
                database.kv("full_docs"), database.db(), Clock.systemUTC(), new ChunkOptions(1200, 100));
    }

    /** Another transaction holding the store's writer's turn, as a merge does, until it is released. */
    private static final class HeldWriter {
        private final CountDownLatch release = new CountDownLatch(1);
        private Background transaction;

        static HeldWriter hold(LibraryDatabase db) throws InterruptedException {
            HeldWriter writer = new HeldWriter();
            CountDownLatch held = new CountDownLatch(1);
            writer.transaction = Background.run("merge", () -> db.inTransaction(() -> {
                held.countDown();
                try {
                    assertTrue(writer.release.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }));
            assertTrue(held.await(10, TimeUnit.SECONDS));
            return writer;
        }

        void release() throws InterruptedException {
            release.countDown();
            transaction.join();
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
