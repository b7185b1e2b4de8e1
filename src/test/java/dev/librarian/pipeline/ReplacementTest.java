package dev.librarian.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.intake.DocumentIds;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A new text under a known name replaces the indexed version only once it is processed, and never loses a file. */
class ReplacementTest {

    private static final String OLD = "Фенечка живёт в Марьине у реки.";
    private static final String NEW = "Варвара Петровна живёт в Твери.";
    private static final String DOC_ID = "doc-" + DocumentIds.md5Hex("note.txt");

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
    private RunningLibrarian librarian;
    private Path inbox;

    @BeforeEach
    void start() throws Exception {
        inbox = Files.createDirectories(tmp.resolve("inbox"));
        librarian = RunningLibrarian.start(tmp.resolve("cache"), inbox, ollama, Map.of());
    }

    @AfterEach
    void stop() {
        librarian.close();
        ollama.close();
    }

    @Test
    void the_old_version_answers_questions_until_the_new_one_is_processed() throws Exception {
        assertEquals("success", json(insert(OLD)).get("status").asText());
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(DOC_ID, Duration.ofSeconds(60)));
        CountDownLatch release = new CountDownLatch(1);
        ollama.onChatAdmitted(call -> {
            if (call.kind() == FakeOllama.Kind.EXTRACTION) {
                await(release);
            }
        });

        JsonNode answer = json(insert(NEW));
        assertEquals(DOC_ID, answer.get("replaced").asText(), answer.toString());
        RunningLibrarian.await(Duration.ofSeconds(30), () -> librarian.statusOf(DOC_ID)
                .map(s -> s == DocStatus.PROCESSING).orElse(false), "the new version is being indexed");
        String during = context("Где живёт Фенечка?");
        assertTrue(during.contains(OLD), "the old version is still retrieved: " + during);

        release.countDown();
        RunningLibrarian.await(Duration.ofSeconds(60), () -> librarian.status().record(DOC_ID)
                .map(r -> "processed".equals(r.status())
                        && DocumentIds.contentHash(NEW).equals(r.contentHash())).orElse(false),
                "the new version is processed");
        String after = context("Где живёт Варвара?");
        assertTrue(after.contains(NEW), after);
        assertFalse(after.contains(OLD), "the old version left the index with the new one's write: " + after);
    }

    @Test
    void a_failed_replacement_leaves_the_old_version_indexed_after_a_restart_too() throws Exception {
        insert(OLD);
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(DOC_ID, Duration.ofSeconds(60)));
        ollama.failNext(1, 400);

        assertEquals(DOC_ID, json(insert(NEW)).get("replaced").asText());
        assertEquals(DocStatus.FAILED, librarian.awaitFinished(DOC_ID, Duration.ofSeconds(60)));
        JsonNode failed = librarian.status().record(DOC_ID).orElseThrow().toJson();
        assertTrue(failed.get("error_msg").asText().contains("the previous version stays indexed"),
                failed.toString());
        assertTrue(context("Где живёт Фенечка?").contains(OLD), "the old version is still retrieved");

        librarian.close();
        librarian = RunningLibrarian.start(tmp.resolve("cache"), inbox, ollama, Map.of());
        assertTrue(context("Где живёт Фенечка?").contains(OLD), "still retrieved after a restart");
        // its graph contributions were restored: a retry that succeeds replaces them
        librarian.post("/documents/reprocess_failed", "{}");
        RunningLibrarian.await(Duration.ofSeconds(60), () -> librarian.statusOf(DOC_ID)
                .map(s -> s == DocStatus.PROCESSED).orElse(false), "the retried new version is processed");
        assertFalse(context("Где живёт Фенечка?").contains(OLD), "the old version is gone once the new one is in");
        assertFalse(librarian.get("/graph/label/list").body().contains("Фенечка"),
                "its entities left the graph with it");
    }

    @Test
    void delete_file_removes_only_the_original_of_the_deleted_version() throws Exception {
        Files.writeString(inbox.resolve("note.txt"), OLD);
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(DOC_ID, Duration.ofSeconds(60)));
        RunningLibrarian.await(Duration.ofSeconds(10), () -> Files.exists(inbox.resolve(".done/note.txt")), "archived");

        // the attack: a one-line text under the book's name, then deleted with its file
        assertEquals(DOC_ID, json(insert(NEW)).get("replaced").asText());
        RunningLibrarian.await(Duration.ofSeconds(60), () -> librarian.status().record(DOC_ID)
                .map(r -> "processed".equals(r.status())
                        && DocumentIds.contentHash(NEW).equals(r.contentHash())).orElse(false),
                "the replacement is processed");
        HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(librarian.url("/documents/delete_document")))
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(
                        "{\"doc_ids\": [\"" + DOC_ID + "\"], \"delete_file\": true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, deleted.statusCode(), deleted.body());
        RunningLibrarian.await(Duration.ofSeconds(30), () -> librarian.statusOf(DOC_ID).isEmpty(), "deleted");
        assertEquals(OLD, Files.readString(inbox.resolve(".done/note.txt")), "the first version's file stays");
    }

    @Test
    void a_file_written_again_while_it_is_indexed_is_indexed_as_a_new_version() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ollama.onChatAdmitted(call -> {
            if (call.kind() == FakeOllama.Kind.EXTRACTION) {
                await(release);
            }
        });
        Path file = inbox.resolve("note.txt");
        Files.writeString(file, OLD);
        RunningLibrarian.await(Duration.ofSeconds(30), () -> librarian.statusOf(DOC_ID)
                .map(s -> s == DocStatus.PROCESSING).orElse(false), "the first version is being indexed");
        Files.writeString(file, NEW);
        release.countDown();

        RunningLibrarian.await(Duration.ofSeconds(60), () -> librarian.status().record(DOC_ID)
                .map(r -> "processed".equals(r.status())
                        && DocumentIds.contentHash(NEW).equals(r.contentHash())).orElse(false),
                "the new content is indexed: " + librarian.status().record(DOC_ID));
        assertTrue(context("Где живёт Варвара?").contains(NEW));
        RunningLibrarian.await(Duration.ofSeconds(10), () -> !Files.exists(inbox.resolve(".changed/note.txt")),
                "the copy kept for reading is gone once read");
        assertEquals(NEW, Files.readString(inbox.resolve(".done/note.txt")), "the file as the writer left it");
    }

    private HttpResponse<String> insert(String text) throws Exception {
        HttpResponse<String> response = librarian.post("/documents/text", "{\"text\": "
                + new ObjectMapper().valueToTree(text) + ", \"file_source\": \"note.txt\"}");
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    /** What the question retrieves (naive mode: the chunks by vector), without an answer. */
    private String context(String question) throws Exception {
        HttpResponse<String> response = librarian.post("/query", "{\"query\": "
                + new ObjectMapper().valueToTree(question) + ", \"mode\": \"naive\", \"only_need_context\": true}");
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
