package dev.librarian.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.PrometheusText;
import dev.librarian.testing.RunningLibrarian;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * However many documents wait for Ollama, an upload is accepted at once: the document queue has no limit (Camel's
 * SEDA queue held 1,000, and the next upload waited forever), and a waiting document is its id, not its text.
 */
class WaitingDocumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DOCUMENTS = 1_100;

    @TempDir
    Path tmp;

    @Test
    void more_documents_than_a_seda_queue_holds_are_accepted_while_ollama_is_down_and_wait_without_their_texts()
            throws Exception {
        try (FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
             RunningLibrarian librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama,
                     Map.of("MAX_PARALLEL_INSERT", "1"))) {
            ollama.outage(true);
            ObjectNode request = JSON.createObjectNode();
            ArrayNode texts = request.putArray("texts");
            ArrayNode sources = request.putArray("file_sources");
            for (int i = 0; i < DOCUMENTS; i++) {
                texts.add("Note " + i + ": the waiting text number " + i + " says that the river rose " + i
                        + " times. WAITING-TEXT-MARKER");
                sources.add("note-" + i + ".txt");
            }
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(librarian.url("/documents/texts"))).timeout(Duration.ofMinutes(2))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode accepted = JSON.readTree(answer.body());
            assertEquals("success", accepted.path("status").asText(), answer.body());
            List<String> ids = new ArrayList<>();
            accepted.path("doc_ids").forEach(id -> ids.add(id.asText()));
            assertEquals(DOCUMENTS, ids.size());
            for (String id : ids) {
                DocStatus status = librarian.statusOf(id).orElseThrow();
                assertTrue(status == DocStatus.PENDING || status == DocStatus.PROCESSING, id + " " + status);
            }

            DocumentQueue queue = librarian.context().getRegistry().lookupByNameAndType("documentQueue",
                    DocumentQueue.class);
            assertTrue(queue.size() >= DOCUMENTS - 1, "waiting in the queue: " + queue.size());
            // what a user sees of the waiting line: the pipeline status and the metrics count it
            JsonNode pipeline = JSON.readTree(librarian.get("/documents/pipeline_status").body());
            assertTrue(pipeline.path("queue_depths").path("documents").asInt() >= DOCUMENTS - 1, pipeline.toString());
            PrometheusText metrics = new PrometheusText(librarian.get("/metrics").body());
            assertTrue(metrics.sum("librarian_queue_depth", "queue", "documents") >= DOCUMENTS - 1);
            for (Exchange waiting : queue) {
                List<Object> carried = new ArrayList<>(waiting.getProperties().values());
                carried.addAll(waiting.getMessage().getHeaders().values());
                carried.add(waiting.getMessage().getBody());
                for (Object value : carried) {
                    assertFalse(String.valueOf(value).contains("WAITING-TEXT-MARKER"),
                            "a waiting document keeps its text: " + value);
                }
            }
        }
    }
}
