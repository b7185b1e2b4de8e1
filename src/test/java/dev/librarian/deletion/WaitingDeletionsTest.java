package dev.librarian.deletion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.intake.DocumentIds;
import dev.librarian.pipeline.MergeQueue;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.PrometheusText;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A deletion request is answered at once however many wait behind a merge held up by Ollama: the merge queue has no
 * limit (Camel's SEDA queue held 1,000, and the next deletion's request waited for Ollama, holding an HTTP worker).
 */
class WaitingDeletionsTest {

    private static final int DELETIONS = 1_100;
    private static final String FIRST_ID = "doc-" + DocumentIds.md5Hex("first.txt");
    private static final String SECOND_ID = "doc-" + DocumentIds.md5Hex("second.txt");

    @TempDir
    Path tmp;

    @Test
    void more_deletions_than_a_seda_queue_holds_are_answered_while_a_merge_waits_for_ollama() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        CountDownLatch mergeWaiting = new CountDownLatch(1);
        CountDownLatch ollamaBack = new CountDownLatch(1);
        HttpClient http = HttpClient.newHttpClient();
        try (FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
             RunningLibrarian librarian = RunningLibrarian.start(tmp.resolve("cache"), inbox, ollama, Map.of())) {
            try {
                drop("first.txt", "Anna and Clara live in Moscow. Boris visits them there every winter.");
                assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(FIRST_ID, Duration.ofSeconds(60)));
                // the second book's merge asks for its embeddings and gets no answer until Ollama is back
                ollama.onEmbedRequest(count -> {
                    mergeWaiting.countDown();
                    await(ollamaBack);
                });
                drop("second.txt", "Dmitri sails from Odessa to Yalta on a white steamer in June.");
                assertTrue(mergeWaiting.await(60, TimeUnit.SECONDS), "the second book's merge asked for embeddings");

                for (int i = 0; i < DELETIONS; i++) {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                                    URI.create(librarian.url("/documents/delete_document")))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .method("DELETE", HttpRequest.BodyPublishers.ofString(
                                    "{\"doc_ids\": [\"" + FIRST_ID + "\"]}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, answer.statusCode(), "deletion " + i + ": " + answer.body());
                    assertEquals("deletion_started", json(answer).get("status").asText(), answer.body());
                }
                MergeQueue queue = librarian.context().getRegistry().lookupByNameAndType("mergeQueue",
                        MergeQueue.class);
                assertEquals(DELETIONS, queue.size());
                JsonNode pipeline = json(librarian.get("/documents/pipeline_status"));
                assertEquals(DELETIONS, pipeline.path("queue_depths").path("merge").asInt(), pipeline.toString());
                PrometheusText metrics = new PrometheusText(librarian.get("/metrics").body());
                assertEquals(DELETIONS, metrics.sum("librarian_queue_depth", "queue", "merge"));
            } finally {
                ollamaBack.countDown();
            }

            assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(SECOND_ID, Duration.ofSeconds(60)));
            RunningLibrarian.await(Duration.ofSeconds(60), () -> librarian.statusOf(FIRST_ID).isEmpty(),
                    "the first book is deleted once the merge is done");
            assertEquals(Optional.of(DocStatus.PROCESSED), librarian.statusOf(SECOND_ID));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drop(String name, String text) {
        RunningLibrarian.drop(tmp.resolve("staging"), tmp.resolve("inbox"), name,
                text.getBytes(StandardCharsets.UTF_8));
    }
}
