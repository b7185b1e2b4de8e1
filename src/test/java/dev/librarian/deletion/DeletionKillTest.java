package dev.librarian.deletion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.intake.DocumentIds;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.ForkedLibrarian;
import dev.librarian.testing.RunningLibrarian;
import dev.librarian.testing.StoreRows;
import dev.librarian.testing.StoreSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILL while a document is being deleted ({@code DELETE /documents/delete_document}) never leaves it half
 * deleted: after a restart it is either whole (processed, its text, chunks, vectors and graph contributions all
 * there: the library as before) or gone (no status, text, chunks or vectors, and the graph, vectors and LightRAG's
 * files those of a library that never had it). A deleted document sent again is accepted as new and indexed, also
 * when the service was killed right after the deletion committed.
 */
class DeletionKillTest {

    private static final int DIM = 16;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Anna, Clara and their relation are shared; Moscow, Boris and their relations are the first text's only. */
    private static final String FIRST = "Anna and Clara live in Moscow. Boris visits them there every winter.";
    private static final String SECOND = "Anna and Clara travel to Tver by train in the spring.";
    private static final String FIRST_ID = "doc-" + DocumentIds.md5Hex("first.txt");
    private static final String SECOND_ID = "doc-" + DocumentIds.md5Hex("second.txt");
    private static final Path LOGS = Path.of("target", "deletion-kill-logs");

    private static final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(DIM));

    @TempDir
    static Path root;
    /** Both texts indexed, stopped: each attempt starts from a copy. */
    private static Path library;
    /** Only the second text ever indexed. */
    private static Path withoutFirst;
    private static StoreSnapshot libraryFiles;
    private static StoreSnapshot withoutFirstFiles;

    @BeforeAll
    static void libraries() throws Exception {
        Files.createDirectories(LOGS);
        library = root.resolve("library");
        withoutFirst = root.resolve("without-first");
        ForkedLibrarian service = start(library, "library");
        insertAndAwait(service, library, "first.txt", FIRST);
        insertAndAwait(service, library, "second.txt", SECOND);
        assertTrue(service.stop(Duration.ofSeconds(30)));
        service = start(withoutFirst, "without-first");
        insertAndAwait(service, withoutFirst, "second.txt", SECOND);
        assertTrue(service.stop(Duration.ofSeconds(30)));
        libraryFiles = StoreSnapshot.of(library, DIM);
        withoutFirstFiles = StoreSnapshot.of(withoutFirst, DIM);
        assertTrue(StoreRows.nodes(library).get("Anna").path("sourceId").asText().contains(FIRST_ID),
                "Anna is shared before a deletion");
        assertFalse(StoreRows.differences(library, withoutFirst, 1).isEmpty());
    }

    @AfterEach
    void calm() {
        ollama.embedLatency(Duration.ZERO).onEmbedRequest(count -> { });
        ForkedLibrarian.killAll();
    }

    @AfterAll
    static void closeFake() {
        ollama.close();
    }

    @Test
    void should_keep_a_document_whole_when_killed_while_its_deletion_waits_for_embeddings() throws Exception {
        Path dir = copyOfLibrary("embedding");
        ForkedLibrarian service = start(dir, "embedding-1");
        CountDownLatch killed = new CountDownLatch(1);
        // the deletion's embedding calls (descriptions of what it shared) are in flight when the kill comes
        ollama.embedLatency(Duration.ofMillis(500)).onEmbedRequest(count -> {
            service.kill();
            killed.countDown();
        });
        assertEquals(200, delete(service, FIRST_ID).statusCode());
        assertTrue(killed.await(20, TimeUnit.SECONDS), "the deletion asked for new embeddings");
        ollama.embedLatency(Duration.ZERO).onEmbedRequest(count -> { });

        assertWhole(dir, "after the kill");
        ForkedLibrarian again = start(dir, "embedding-2");
        assertWhole(dir, "after the restart");
        assertTrue(again.stop(Duration.ofSeconds(30)));
        assertEquals(List.of(), StoreSnapshot.of(dir, DIM).differences(libraryFiles, 10),
                "LightRAG's files are those of the library before the deletion");
        assertEquals(List.of(), StoreRows.indexProblems(dir, DIM));
    }

    @Test
    void should_leave_a_document_whole_or_gone_when_killed_at_other_moments_of_its_deletion() throws Exception {
        // at the answer (the deletion is only queued), and a few ms after its embedding answers (its commit)
        for (String moment : List.of("answer", "commit")) {
            Path dir = copyOfLibrary(moment);
            ForkedLibrarian service = start(dir, moment + "-1");
            if (moment.equals("commit")) {
                ollama.embedLatency(Duration.ofMillis(30));
                AtomicLong first = new AtomicLong();
                ollama.onEmbedRequest(count -> {
                    if (first.compareAndSet(0, 1)) {
                        Thread killer = new Thread(() -> {
                            sleep(36);
                            service.kill();
                        });
                        killer.start();
                    }
                });
            }
            HttpResponse<String> answer = delete(service, FIRST_ID);
            if (moment.equals("answer")) {
                service.kill();
            }
            assertEquals(200, answer.statusCode(), answer.body());
            RunningLibrarian.await(Duration.ofSeconds(20), () -> !service.isAlive(), "killed");
            ollama.embedLatency(Duration.ZERO).onEmbedRequest(count -> { });

            boolean gone = wholeOrGone(dir, moment + ", after the kill");
            ForkedLibrarian again = start(dir, moment + "-2");
            assertEquals(gone, wholeOrGone(dir, moment + ", after the restart"), "a restart changes nothing");
            assertTrue(again.stop(Duration.ofSeconds(30)));
            assertEquals(List.of(), StoreSnapshot.of(dir, DIM).differences(gone ? withoutFirstFiles : libraryFiles,
                    10), moment + ": LightRAG's files match the store (" + (gone ? "gone" : "whole") + ")");
            assertEquals(List.of(), StoreRows.indexProblems(dir, DIM), moment);
            System.out.println("killed at the deletion's " + moment + ": the document is " + (gone ? "gone" : "whole"));
        }
    }

    @Test
    void should_accept_a_deleted_text_again_and_index_it_also_after_a_kill_right_after_the_deletion()
            throws Exception {
        // without a kill: delete, send again
        Path dir = copyOfLibrary("re-add");
        ForkedLibrarian service = start(dir, "re-add");
        assertEquals(200, delete(service, FIRST_ID).statusCode());
        RunningLibrarian.await(Duration.ofSeconds(30), () -> !StoreRows.statuses(dir).containsKey(FIRST_ID),
                "the first text is deleted");
        assertGone(dir, "deleted");
        reAdd(service, dir);
        assertTrue(service.stop(Duration.ofSeconds(30)));
        assertEquals(List.of(), StoreSnapshot.of(dir, DIM).differences(libraryFiles, 10),
                "sent again, the library is as before the deletion");

        // killed as soon as the deletion is committed, before LightRAG's files were written
        Path killed = copyOfLibrary("killed-re-add");
        service = start(killed, "killed-re-add-1");
        assertEquals(200, delete(service, FIRST_ID).statusCode());
        ForkedLibrarian deleting = service;
        RunningLibrarian.await(Duration.ofSeconds(30), () -> {
            boolean committed = !StoreRows.statuses(killed).containsKey(FIRST_ID);
            if (committed) {
                deleting.kill();
            }
            return committed;
        }, "the first text is deleted");
        assertGone(killed, "after the kill");
        service = start(killed, "killed-re-add-2");
        assertGone(killed, "after the restart");
        assertTrue(service.stop(Duration.ofSeconds(30)));
        assertEquals(List.of(), StoreSnapshot.of(killed, DIM).differences(withoutFirstFiles, 10),
                "LightRAG's files show the deletion the killed process had no time to write");
        assertEquals(List.of(), StoreRows.indexProblems(killed, DIM), "the index lost the deleted vectors too");
        service = start(killed, "killed-re-add-3");
        reAdd(service, killed);
        assertTrue(service.stop(Duration.ofSeconds(30)));
        assertEquals(List.of(), StoreSnapshot.of(killed, DIM).differences(libraryFiles, 10));
        assertEquals(List.of(), StoreRows.indexProblems(killed, DIM));
    }

    // ---- what the store holds ----

    /** Sends the first text again: accepted as new, not a duplicate, and indexed with its own entities. */
    private static void reAdd(ForkedLibrarian service, Path dir) throws Exception {
        HttpResponse<String> answer = insert(service, "first.txt", FIRST);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("success", JSON.readTree(answer.body()).path("status").asText(), answer.body());
        awaitProcessed(dir, FIRST_ID);
        assertTrue(StoreRows.nodes(dir).containsKey("Moscow"), "its entities are back in the graph");
        assertEquals(List.of(), StoreRows.differences(dir, library, 10), "the store is as before the deletion");
    }

    private static void assertWhole(Path dir, String when) {
        assertFalse(wholeOrGone(dir, when), when + ": the document is still there");
    }

    private static void assertGone(Path dir, String when) {
        assertTrue(wholeOrGone(dir, when), when + ": the document is gone");
    }

    /**
     * True when the first text is gone (the store equals one that never had it), false when it is whole (the store
     * equals the library before the deletion); fails when it is neither.
     */
    private static boolean wholeOrGone(Path dir, String when) {
        List<String> fromWhole = StoreRows.differences(dir, library, 10);
        if (fromWhole.isEmpty()) {
            assertEquals("processed", StoreRows.statuses(dir).get(FIRST_ID));
            return false;
        }
        List<String> fromGone = StoreRows.differences(dir, withoutFirst, 10);
        assertTrue(fromGone.isEmpty(), when + ": the document is half deleted\n  compared with the library before:\n"
                + String.join("\n", fromWhole) + "\n  compared with one that never had it:\n"
                + String.join("\n", fromGone));
        Map<String, JsonNode> chunks = StoreRows.kv(dir, "text_chunks");
        assertTrue(chunks.values().stream().noneMatch(c -> c.path("full_doc_id").asText().equals(FIRST_ID)));
        assertTrue(StoreRows.vectors(dir, "entities").keySet().stream().allMatch(id ->
                StoreRows.vectors(withoutFirst, "entities").containsKey(id)), "no vector mentions it");
        return true;
    }

    // ---- helpers ----

    private static ForkedLibrarian start(Path dir, String log) throws IOException {
        Path inbox = dir.resolveSibling(dir.getFileName() + "-inbox");
        Files.createDirectories(inbox);
        return ForkedLibrarian.start(dir, inbox, ollama, Map.of(), LOGS.resolve(log + ".log"))
                .awaitReady(Duration.ofSeconds(60));
    }

    /** A copy of the stopped library, as a backup would have it. */
    private static Path copyOfLibrary(String name) throws IOException {
        Path copy = root.resolve(name);
        try (Stream<Path> files = Files.walk(library)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(library.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return copy;
    }

    private static void insertAndAwait(ForkedLibrarian service, Path dir, String name, String text) throws Exception {
        HttpResponse<String> answer = insert(service, name, text);
        assertEquals(200, answer.statusCode(), answer.body());
        awaitProcessed(dir, "doc-" + DocumentIds.md5Hex(name));
    }

    private static void awaitProcessed(Path dir, String id) {
        RunningLibrarian.await(Duration.ofSeconds(60), () -> "processed".equals(StoreRows.statuses(dir).get(id)),
                id + " processed: " + StoreRows.statuses(dir));
    }

    private static HttpResponse<String> insert(ForkedLibrarian service, String name, String text) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("text", text);
        body.put("file_source", name);
        return service.send("POST", "/documents/text", body.toString());
    }

    private static HttpResponse<String> delete(ForkedLibrarian service, String id) throws Exception {
        return service.send("DELETE", "/documents/delete_document", "{\"doc_ids\": [\"" + id + "\"]}");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
