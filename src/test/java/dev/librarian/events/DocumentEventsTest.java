package dev.librarian.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
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

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /documents/events}: a snapshot of every document on connect, then status changes and progress as they
 * happen, the pipeline status, keep-alive comments; clients that leave are forgotten and open streams do not hold up
 * a shutdown.
 */
class DocumentEventsTest {

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
    private RunningLibrarian librarian;

    @AfterEach
    void stop() {
        if (librarian != null) {
            librarian.close();
        }
        ollama.close();
    }

    private void start() throws Exception {
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama, Map.of(
                "CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20", "MAX_ASYNC_LLM", "2",
                "PROGRESS_INTERVAL_MS", "100", "SSE_KEEP_ALIVE_MS", "300"));
    }

    private String insert(String name, String text) throws Exception {
        return json(librarian.post("/documents/text", "{\"text\": " + new ObjectMapper().valueToTree(text)
                + ", \"file_source\": \"" + name + "\"}")).get("doc_id").asText();
    }

    private DocumentEvents events() {
        return librarian.context().getRegistry().lookupByNameAndType("documentEvents", DocumentEvents.class);
    }

    @Test
    void should_tell_followers_when_a_document_is_deleted() throws Exception {
        start();
        String doc = insert("gone.txt", Corpus.excerpt(Corpus.CHEKHOV, 0, 1500));
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(doc, Duration.ofSeconds(60)));

        try (SseClient sse = SseClient.connect(librarian.url("/documents/events"))) {
            sse.until(e -> "pipeline".equals(e.name()), Duration.ofSeconds(10));
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(librarian.url("/documents/delete_document")))
                            .header("Content-Type", "application/json")
                            .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"doc_ids\": [\"" + doc + "\"]}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            List<SseClient.Event> events = sse.until(e -> "document".equals(e.name())
                    && "deleted".equals(e.data().path("status").asText()), Duration.ofSeconds(30));
            SseClient.Event deleted = events.get(events.size() - 1);
            assertEquals(doc, deleted.data().get("id").asText(), deleted.data().toString());
            assertTrue(librarian.statusOf(doc).isEmpty(), "the status record is gone when the event comes");
        }
    }

    @Test
    void should_send_a_snapshot_then_progress_and_the_processed_event_in_order() throws Exception {
        start();
        String known = insert("known.txt", Corpus.excerpt(Corpus.CHEKHOV, 0, 1500));
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(known, Duration.ofSeconds(60)));
        ollama.chatLatency(Duration.ofMillis(100));

        try (SseClient sse = SseClient.connect(librarian.url("/documents/events"))) {
            assertEquals(200, sse.response().statusCode());
            assertTrue(sse.response().headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            List<SseClient.Event> snapshot = sse.until(e -> "pipeline".equals(e.name()), Duration.ofSeconds(10));
            List<JsonNode> docs = snapshot.stream().filter(e -> "document".equals(e.name())).map(SseClient.Event::data)
                    .toList();
            assertEquals(1, docs.size(), snapshot.toString());
            JsonNode k = docs.get(0);
            assertEquals(known, k.get("id").asText());
            assertEquals("processed", k.get("status").asText());
            assertEquals("known.txt", k.get("file_path").asText());
            assertEquals(k.get("chunks_total").asInt(), k.get("chunks_done").asInt(), k.toString());
            for (String field : List.of("stage", "eta_seconds", "error_msg", "updated_at")) {
                assertTrue(k.has(field), field + " in " + k);
            }
            assertTrue(snapshot.get(snapshot.size() - 1).data().has("documents_in_flight"), "the pipeline status");

            String doc = insert("ward.txt", Corpus.excerpt(Corpus.CHEKHOV, 30000, 6000));
            List<JsonNode> mine = new ArrayList<>();
            boolean liveWhileExtracting = false;
            boolean keepAlive = false;
            int pipelineEvents = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                SseClient.Event e = sse.next(Duration.ofMillis(200));
                if (e == null) {
                    continue;
                }
                keepAlive |= "comment".equals(e.name()) && "keep-alive".equals(e.comment());
                pipelineEvents += "pipeline".equals(e.name()) ? 1 : 0;
                if ("document".equals(e.name()) && doc.equals(e.data().get("id").asText())) {
                    mine.add(e.data());
                    if ("extracting".equals(e.data().path("stage").asText()) && e.data().get("chunks_done").asInt() > 0
                            && librarian.statusOf(doc).orElseThrow() == DocStatus.PROCESSING) {
                        liveWhileExtracting = true;
                    }
                    if ("processed".equals(e.data().get("status").asText())) {
                        break;
                    }
                }
            }
            assertFalse(mine.isEmpty(), "events for the new document");
            assertEquals("pending", mine.get(0).get("status").asText(), mine.toString());
            JsonNode last = mine.get(mine.size() - 1);
            assertEquals("processed", last.get("status").asText(), mine.toString());
            assertEquals(last.get("chunks_total").asInt(), last.get("chunks_done").asInt(), last.toString());
            assertTrue(last.get("stage").isNull(), last.toString());
            List<JsonNode> progress = mine.stream().filter(d -> "extracting".equals(d.path("stage").asText())).toList();
            assertTrue(progress.stream().map(d -> d.get("chunks_done").asInt()).distinct().count() >= 3,
                    "progress events while extracting: " + progress);
            for (int i = 1; i < progress.size(); i++) {
                assertTrue(progress.get(i).get("chunks_done").asInt() >= progress.get(i - 1).get("chunks_done").asInt(),
                        "in order: " + progress);
            }
            assertTrue(progress.stream().anyMatch(d -> d.get("eta_seconds").isNumber()), "an ETA: " + progress);
            List<String> stages = new ArrayList<>();
            for (JsonNode d : mine) {
                String s = d.path("stage").asText("null");
                if (!s.equals("null") && (stages.isEmpty() || !stages.get(stages.size() - 1).equals(s))) {
                    stages.add(s);
                }
            }
            assertEquals(List.of("chunking", "extracting", "merging", "embedding", "storing"), stages);
            assertTrue(liveWhileExtracting, "events arrive while the document is still being extracted");
            assertTrue(keepAlive, "keep-alive comments");
            assertTrue(pipelineEvents > 0, "pipeline status events");
        }
        RunningLibrarian.await(Duration.ofSeconds(5), () -> !events().hasClients(), "a client that left is forgotten");
    }

    @Test
    void should_not_hold_up_a_shutdown_with_streams_open() throws Exception {
        start();
        SseClient first = SseClient.connect(librarian.url("/documents/events"));
        SseClient second = SseClient.connect(librarian.url("/documents/events"));
        assertNotNull(first.until(e -> "pipeline".equals(e.name()), Duration.ofSeconds(10)));
        assertNotNull(second.until(e -> "pipeline".equals(e.name()), Duration.ofSeconds(10)));
        // other requests are served while streams are open
        assertEquals(200, librarian.get("/documents/pipeline_status").statusCode());

        long started = System.nanoTime();
        librarian.close();
        librarian = null;
        long took = (System.nanoTime() - started) / 1_000_000;
        assertTrue(took < 5000, "shutdown took " + took + " ms");
        for (SseClient client : List.of(first, second)) {
            assertNotNull(client.until(e -> "end".equals(e.name()), Duration.ofSeconds(5)), "the stream ends");
        }
    }
}
