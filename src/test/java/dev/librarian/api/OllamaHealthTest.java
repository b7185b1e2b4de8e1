package dev.librarian.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import dev.librarian.testing.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /health}: LightRAG's fields plus whether Ollama answers and has the configured models. */
class OllamaHealthTest {

    @TempDir
    Path tmp;
    private FakeOllama ollama;
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

    private JsonNode health() throws Exception {
        return json(librarian.get("/health"));
    }

    @Test
    void should_say_ollama_answers_and_has_both_models() throws Exception {
        ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama, Map.of());

        JsonNode health = health();
        assertEquals("healthy", health.get("status").asText());
        assertEquals(tmp.resolve("cache").toAbsolutePath().toString(), health.get("working_directory").asText());
        assertEquals("qwen2.5:7b", health.get("configuration").get("llm_model").asText());
        assertFalse(health.get("pipeline_busy").asBoolean());
        JsonNode o = health.get("ollama");
        assertEquals("available", o.get("status").asText(), health.toString());
        assertEquals(ollama.url(), o.get("host").asText());
        assertTrue(o.get("models").get("qwen2.5:7b").asBoolean(), health.toString());
        assertTrue(o.get("models").get("bge-m3:latest").asBoolean(), health.toString());
        assertEquals(0, o.get("missing_models").size());
        assertFalse(health.get("pipeline_waiting_for_ollama").asBoolean());
        assertEquals("UP", health.get("checks").get("ollama").asText(), "the Camel health check behind it");
        assertEquals("UP", health.get("checks").get("context").asText());
        assertTrue(ollama.requests("GET /api/tags") >= 1, "asked Ollama's /api/tags");
    }

    @Test
    void should_name_the_model_ollama_does_not_have() throws Exception {
        ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withChatModel("llama3.1:8b").withEmbeddingDim(16));
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama, Map.of());

        JsonNode o = health().get("ollama");
        assertEquals("model_missing", o.get("status").asText(), o.toString());
        assertEquals("qwen2.5:7b", o.get("missing_models").get(0).asText(), o.toString());
        assertEquals(1, o.get("missing_models").size(), "bge-m3 is there: " + o);
        assertTrue(o.get("message").asText().contains("ollama pull qwen2.5:7b"), o.toString());
        assertEquals("DOWN", health().get("checks").get("ollama").asText());
    }

    @Test
    void should_say_ollama_is_unreachable_when_it_is_down_and_not_hang_when_it_hangs() throws Exception {
        ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
        proxy = TcpProxy.to(ollama.port());
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama, Map.of(
                "LLM_BINDING_HOST", proxy.url(), "EMBEDDING_BINDING_HOST", proxy.url(),
                "OLLAMA_PROBE_TIMEOUT_MS", "500"));

        proxy.refuse();
        JsonNode o = health().get("ollama");
        assertEquals("unreachable", o.get("status").asText(), o.toString());
        assertEquals("Connection refused", o.get("reason").asText(), o.toString());
        assertTrue(o.get("message").asText().contains(proxy.url()), o.toString());
        assertEquals("healthy", health().get("status").asText(), "the service itself is up; inserts still queue");
        long asked = System.nanoTime();
        var question = librarian.post("/query", "{\"query\": \"Who is Bazarov?\"}");
        double answeredIn = (System.nanoTime() - asked) / 1e9;
        assertEquals(503, question.statusCode(), question.body() + question.headers().map());
        assertEquals("Ollama at " + proxy.url() + " cannot be reached: Connection refused",
                json(question).get("detail").asText());
        assertTrue(answeredIn < 2, "a question is not retried against a refused connection: " + answeredIn + " s");

        proxy.blackhole();
        asked = System.nanoTime();
        o = health().get("ollama");
        double seconds = (System.nanoTime() - asked) / 1e9;
        assertEquals("unreachable", o.get("status").asText(), o.toString());
        assertTrue(o.get("reason").asText().toLowerCase().contains("timed out")
                || o.get("reason").asText().toLowerCase().contains("timeout"), o.toString());
        assertTrue(seconds < 2.5, "/health waits at most OLLAMA_PROBE_TIMEOUT_MS for Ollama: " + seconds + " s");

        proxy.forward();
        assertEquals("available", health().get("ollama").get("status").asText());
    }
}
