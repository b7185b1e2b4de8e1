package dev.librarian.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.intake.DocumentIds;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.LogLines;
import dev.librarian.testing.RunningLibrarian;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sync mode never deletes the library because its folder looks gone: an empty INPUT_DIR, or more than
 * SYNC_MAX_DELETE_FRACTION of the documents vanishing at once, deletes nothing until the files return or the user
 * confirms; the log and {@code /health} say why.
 */
class SyncMassDeletionTest {

    private static final List<String> BOOKS = List.of("anna.txt", "boris.txt", "clara.txt", "dmitri.txt");

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
    private RunningLibrarian librarian;
    private Path library;
    private Path elsewhere;
    private LogLines log;

    @BeforeEach
    void start() throws Exception {
        library = Files.createDirectories(tmp.resolve("library"));
        elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        log = LogLines.of(DeletionHold.class);
        librarian = RunningLibrarian.start(tmp.resolve("cache"), library, ollama, Map.of("INPUT_MODE", "sync",
                "SYNC_POLL_MS", "100", "SYNC_DELETE_SCAN_MS", "200", "SYNC_MAX_DELETE_FRACTION", "0.5"));
        for (String book : BOOKS) {
            Files.writeString(library.resolve(book), book.replace(".txt", "") + " lives in Moscow and writes letters.");
        }
        for (String book : BOOKS) {
            assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(id(book), Duration.ofSeconds(60)));
        }
    }

    @AfterEach
    void stop() {
        log.close();
        librarian.close();
        ollama.close();
    }

    @Test
    void should_delete_nothing_while_the_folder_is_empty_and_carry_on_when_the_files_return() throws Exception {
        for (String book : BOOKS) {
            Files.move(library.resolve(book), elsewhere.resolve(book));
        }
        JsonNode held = awaitHeld();
        assertTrue(held.get("reason").asText().contains("INPUT_DIR is empty"), held.toString());
        assertEquals(4, held.get("documents").asInt());
        assertEquals("POST /documents/sync/confirm_deletions", held.get("confirm_with").asText());
        awaitScans(5);
        BOOKS.forEach(book -> assertEquals(DocStatus.PROCESSED, librarian.statusOf(id(book)).orElseThrow(),
                book + " is still indexed"));
        assertEquals(1, log.count("INPUT_DIR is empty"), "said once, not at every scan: " + log.lines());

        for (String book : BOOKS) {
            Files.move(elsewhere.resolve(book), library.resolve(book));
        }
        RunningLibrarian.await(Duration.ofSeconds(10), () -> !health().has("sync_deletions_held"),
                "the hold ends once the files are back");
        awaitScans(3);
        BOOKS.forEach(book -> assertEquals(DocStatus.PROCESSED, librarian.statusOf(id(book)).orElseThrow()));
    }

    @Test
    void should_hold_a_large_vanishing_until_the_user_confirms_it() throws Exception {
        for (String book : BOOKS.subList(0, 3)) {
            Files.move(library.resolve(book), elsewhere.resolve(book));
        }
        JsonNode held = awaitHeld();
        assertTrue(held.get("reason").asText().contains("3 of the library's 4 documents"), held.toString());
        assertTrue(held.get("reason").asText().contains("SYNC_MAX_DELETE_FRACTION"), held.toString());
        awaitScans(5);
        BOOKS.forEach(book -> assertTrue(librarian.statusOf(id(book)).isPresent(), book + " is still indexed"));
        assertEquals(1, log.count("3 of the library's 4 documents"), "said once: " + log.lines());

        JsonNode confirmed = json(librarian.post("/documents/sync/confirm_deletions", ""));
        assertEquals("deletion_confirmed", confirmed.get("status").asText(), confirmed.toString());
        assertEquals(3, confirmed.get("doc_ids").size());
        RunningLibrarian.await(Duration.ofSeconds(30), () -> BOOKS.subList(0, 3).stream()
                .allMatch(book -> librarian.statusOf(id(book)).isEmpty()), "the confirmed deletions are done");
        assertEquals(DocStatus.PROCESSED, librarian.statusOf(id("dmitri.txt")).orElseThrow(),
                "the book still in the folder stays");
        assertFalse(health().has("sync_deletions_held"), "nothing is held any more");
        assertEquals("nothing_held",
                json(librarian.post("/documents/sync/confirm_deletions", "")).get("status").asText());
    }

    private JsonNode awaitHeld() {
        RunningLibrarian.await(Duration.ofSeconds(10), () -> health().has("sync_deletions_held"),
                "/health says deletions are held");
        return health().get("sync_deletions_held");
    }

    /** Lets the removal scan run a few more times. */
    private void awaitScans(int scans) {
        NotifyBuilder done = new NotifyBuilder(librarian.context()).fromRoute("library-removals").whenDone(scans)
                .create();
        assertTrue(done.matches(10, TimeUnit.SECONDS), "the removal scan runs");
    }

    private JsonNode health() {
        try {
            return json(librarian.get("/health"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String id(String fileName) {
        return "doc-" + DocumentIds.md5Hex(fileName);
    }
}
