package dev.librarian.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What happens when Ollama misbehaves: retries, tolerance of bad output, clear failures, others carry on. */
class OllamaFaultsTest {

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

    private void start(Map<String, String> overrides) throws Exception {
        Map<String, String> props = new java.util.HashMap<>(Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20"));
        props.putAll(overrides);
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama, props);
    }

    private String insert(String name, String text) throws Exception {
        return json(librarian.post("/documents/text", "{\"text\": " + new ObjectMapper().valueToTree(text)
                + ", \"file_source\": \"" + name + "\"}")).get("doc_id").asText();
    }

    @Test
    void should_retry_server_errors_and_a_timed_out_call_and_still_process_the_document() throws Exception {
        start(Map.of("LLM_TIMEOUT", "1"));
        ollama.failNext(2, 500).hangNext(1, Duration.ofSeconds(3)).failNext(1, 503);

        String docId = insert("retry.txt", Corpus.excerpt(Corpus.CHEKHOV, 0, 1500));

        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(60)),
                () -> librarian.status().record(docId).toString());
        assertTrue(ollama.failedChatCalls() >= 3, "the injected failures were answered: " + ollama.failedChatCalls());
    }

    @Test
    void should_skip_unreadable_llm_output_without_failing_the_chunk() throws Exception {
        start(Map.of());
        ollama.garbageNext(3);

        String docId = insert("garbage.txt", Corpus.excerpt(Corpus.CHEKHOV, 5000, 1500));

        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(60)));
        assertTrue(librarian.status().record(docId).orElseThrow().chunksCount() > 1);
    }

    @Test
    void should_fail_with_a_clear_message_when_ollama_is_unreachable_and_the_breaker_is_off() throws Exception {
        int closedPort = ollama.port();
        ollama.close();
        // with the breaker on, documents wait for Ollama instead (OllamaOutageTest)
        start(Map.of("LLM_BINDING_HOST", "http://127.0.0.1:" + closedPort, "LLM_MAX_RETRIES", "2",
                "OLLAMA_BREAKER_THRESHOLD", "0"));

        String docId = insert("unreachable.txt", "Иван Петрович живёт в Москве. Мария Ивановна уехала в Петербург.");

        assertEquals(DocStatus.FAILED, librarian.awaitFinished(docId, Duration.ofSeconds(60)));
        String reason = librarian.status().record(docId).orElseThrow().errorMsg();
        assertTrue(reason.contains("chunk " + docId + "-chunk-000"), reason);
        assertTrue(reason.contains("cannot reach Ollama") && reason.contains("127.0.0.1:" + closedPort), reason);
        assertTrue(reason.contains("gave up after 2 retries"), reason);
    }

    @Test
    void should_fail_only_the_document_whose_call_was_refused() throws Exception {
        start(Map.of("MAX_ASYNC_LLM", "1", "MAX_PARALLEL_INSERT", "1"));
        ollama.failNext(1, 400);

        String first = insert("first.txt", "Иван Петрович живёт в Москве.");
        String second = insert("second.txt", "Мария Ивановна уехала в Петербург.");

        assertEquals(DocStatus.FAILED, librarian.awaitFinished(first, Duration.ofSeconds(60)));
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(second, Duration.ofSeconds(60)));
        String reason = librarian.status().record(first).orElseThrow().errorMsg();
        assertTrue(reason.contains("HTTP 400") && reason.contains("fake failure"), reason);
        assertEquals(1, ollama.failedChatCalls(), "a 400 is not retried");

        JsonNode retried = json(librarian.post("/documents/reprocess_failed", ""));
        assertEquals("reprocessing_started", retried.get("status").asText());
        assertEquals(first, retried.get("doc_ids").get(0).asText());
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(first, Duration.ofSeconds(60)),
                "a failed document is indexed once Ollama answers again");
        assertEquals("", librarian.status().record(first).orElseThrow().errorMsg());
    }

    @Test
    void should_never_run_more_llm_calls_at_once_than_max_async_llm() throws Exception {
        start(Map.of("MAX_ASYNC_LLM", "3", "MAX_PARALLEL_INSERT", "3"));
        ollama.chatLatency(Duration.ofMillis(80));

        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(insert("book" + i + ".txt", Corpus.excerpt(Corpus.TURGENEV, 30000 * i, 1500)));
        }

        for (String id : ids) {
            assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(id, Duration.ofSeconds(120)));
        }
        assertEquals(3, ollama.maxObservedParallelChat(), "exactly MAX_ASYNC_LLM calls ran at once");
        JsonNode counts = json(librarian.get("/documents/status_counts")).get("status_counts");
        assertEquals(6, counts.get("processed").asInt());
    }
}
