package dev.librarian.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.ollama.OllamaAvailability;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.LogLines;
import dev.librarian.testing.RunningLibrarian;
import dev.librarian.testing.StoreSnapshot;
import dev.librarian.testing.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ollama down or broken while documents are queued: indexing waits (nothing fails), says so, probes only
 * {@code /api/tags}, and finishes every document by itself once Ollama is back.
 */
class OllamaOutageTest {

    private static final int DIM = 16;

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(DIM));
    private TcpProxy proxy;
    private RunningLibrarian librarian;

    @AfterEach
    void stop() {
        if (librarian != null) {
            librarian.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        ollama.close();
    }

    private RunningLibrarian start(Path dir, String ollamaUrl) throws Exception {
        return start(dir, ollamaUrl, Map.of());
    }

    private RunningLibrarian start(Path dir, String ollamaUrl, Map<String, String> overrides) throws Exception {
        Map<String, String> props = new HashMap<>(Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20",
                "OLLAMA_BREAKER_THRESHOLD", "3", "OLLAMA_PROBE_INTERVAL_MS", "200", "LLM_MAX_RETRIES", "1",
                "MAX_PARALLEL_INSERT", "2"));
        props.put("LLM_BINDING_HOST", ollamaUrl);
        props.put("EMBEDDING_BINDING_HOST", ollamaUrl);
        props.putAll(overrides);
        return RunningLibrarian.start(dir.resolve("cache"), dir.resolve("inbox"), ollama, props);
    }

    private static List<String> insertBooks(RunningLibrarian librarian) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String text = Corpus.excerpt(i % 2 == 0 ? Corpus.CHEKHOV : Corpus.TURGENEV, 20000 * (i + 1), 1200);
            ids.add(json(librarian.post("/documents/text", "{\"text\": " + new ObjectMapper().valueToTree(text)
                    + ", \"file_source\": \"book" + i + ".txt\"}")).get("doc_id").asText());
        }
        return ids;
    }

    private JsonNode pipelineStatus() {
        try {
            return json(librarian.get("/documents/pipeline_status"));
        } catch (Exception e) {
            throw new AssertionError("GET /documents/pipeline_status failed", e);
        }
    }

    private int failedDocuments() throws Exception {
        return json(librarian.get("/documents/status_counts")).get("status_counts").path("failed").asInt(0);
    }

    @Test
    void should_wait_while_ollama_refuses_connections_and_finish_every_document_when_it_is_back_on_the_same_port()
            throws Exception {
        // both runs call Ollama at the same address: it is part of the LLM cache keys
        proxy = TcpProxy.to(ollama.port());
        Path cleanDir = tmp.resolve("clean");
        List<String> ids;
        try (RunningLibrarian clean = start(cleanDir, proxy.url())) {
            ids = insertBooks(clean);
            for (String id : ids) {
                assertEquals(DocStatus.PROCESSED, clean.awaitFinished(id, Duration.ofSeconds(60)));
            }
        }

        proxy.refuse();
        librarian = start(tmp.resolve("outage"), proxy.url());
        assertEquals(ids, insertBooks(librarian));

        RunningLibrarian.await(Duration.ofSeconds(30),
                () -> pipelineStatus().path("ollama").path("status").asText().equals("unreachable"),
                "pipeline_status says Ollama is unreachable");
        JsonNode status = pipelineStatus();
        assertEquals("Waiting for Ollama at " + proxy.url() + ": Connection refused",
                status.get("latest_message").asText(), status.toString());
        assertTrue(status.get("busy").asBoolean(), status.toString());
        JsonNode health = json(librarian.get("/health"));
        assertEquals("unreachable", health.path("ollama").path("status").asText(), health.toString());
        assertTrue(health.path("pipeline_waiting_for_ollama").asBoolean(), health.toString());
        assertTrue(health.path("ollama").hasNonNull("since"), health.toString());

        long asked = System.nanoTime();
        HttpResponse<String> question = librarian.post("/query", "{\"query\": \"Кто такой Базаров?\"}");
        double answeredIn = (System.nanoTime() - asked) / 1e9;
        assertEquals(503, question.statusCode(), question.body());
        assertTrue(json(question).get("detail").asText().contains("Ollama at " + proxy.url()), question.body());
        assertTrue(answeredIn < 2, "a question while Ollama is down is answered at once: " + answeredIn + " s");

        // far longer than LLM_MAX_RETRIES=1 at 20 ms would take to fail every document
        Thread.sleep(2000);
        assertEquals(0, failedDocuments(), "no document fails while Ollama is down");
        for (String id : ids) {
            assertTrue(librarian.statusOf(id).orElseThrow() != DocStatus.PROCESSED, id + " cannot be done yet");
        }

        proxy.forward();
        for (String id : ids) {
            assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(id, Duration.ofSeconds(60)),
                    () -> librarian.status().record(id).toString());
        }
        assertEquals("available", pipelineStatus().path("ollama").path("status").asText());
        assertEquals("available", json(librarian.get("/health")).path("ollama").path("status").asText());
        librarian.close();
        librarian = null;
        assertEquals(List.of(), StoreSnapshot.of(tmp.resolve("outage").resolve("cache"), DIM)
                        .differences(StoreSnapshot.of(cleanDir.resolve("cache"), DIM), 10),
                "the stores are those of a run without an outage");
    }

    @Test
    void should_only_probe_api_tags_while_ollama_keeps_failing_and_resume_by_itself() throws Exception {
        LogLines log = LogLines.of(OllamaAvailability.class);
        librarian = start(tmp, ollama.url());
        ollama.outage(true);
        List<String> ids = insertBooks(librarian);

        RunningLibrarian.await(Duration.ofSeconds(30),
                () -> pipelineStatus().path("ollama").path("status").asText().equals("unreachable"),
                "pipeline_status says Ollama is unreachable");
        assertTrue(pipelineStatus().get("latest_message").asText().startsWith("Waiting for Ollama at " + ollama.url()
                + ": HTTP 500"), pipelineStatus().toString());
        Thread.sleep(300);
        int chatCalls = ollama.requests("POST /api/chat");
        int embedCalls = ollama.requests("POST /api/embed");
        int probes = ollama.requests("GET /api/tags");

        Thread.sleep(2000);
        assertEquals(chatCalls, ollama.requests("POST /api/chat"), "no chat call while indexing waits");
        assertEquals(embedCalls, ollama.requests("POST /api/embed"), "no embedding call while indexing waits");
        int probed = ollama.requests("GET /api/tags") - probes;
        assertTrue(probed >= 4 && probed <= 15, "/api/tags probed every 200 ms: " + probed);
        assertTrue(chatCalls <= 3 + 4, "the breaker opened after 3 failures, not after a flood: " + chatCalls);
        assertEquals(0, failedDocuments());

        ollama.outage(false);
        for (String id : ids) {
            assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(id, Duration.ofSeconds(60)));
        }
        assertEquals(0, failedDocuments());
        log.close();
        assertEquals(1, log.count("WARN Waiting for Ollama at " + ollama.url()), "said once, not per call: " + log.lines());
        assertEquals(1, log.count("INFO Ollama at " + ollama.url() + " is back"), log.lines().toString());
    }

    @Test
    void should_leave_waiting_documents_unfinished_when_stopped_and_finish_them_at_the_next_start() throws Exception {
        proxy = TcpProxy.to(ollama.port());
        proxy.refuse();
        librarian = start(tmp, proxy.url(), Map.of("camel.main.shutdown-timeout", "1"));
        List<String> ids = insertBooks(librarian);
        RunningLibrarian.await(Duration.ofSeconds(30),
                () -> pipelineStatus().path("ollama").path("status").asText().equals("unreachable"),
                "pipeline_status says Ollama is unreachable");

        librarian.close();
        librarian = null;
        proxy.forward();
        librarian = start(tmp, proxy.url(), Map.of());
        for (String id : ids) {
            assertTrue(librarian.statusOf(id).orElseThrow() != DocStatus.FAILED, "stopping failed no document: " + id);
        }
        for (String id : ids) {
            assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(id, Duration.ofSeconds(60)),
                    "resumed at the next start: " + id);
        }
    }
}
