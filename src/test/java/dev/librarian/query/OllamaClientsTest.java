package dev.librarian.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Ollama emulation as Ollama's clients use it: {@code /api/show}, the load-model call, {@code /api/generate}
 * with chat's prefixes and Ollama's streaming default, {@code tools}/{@code format} refused and failures in
 * Ollama's {@code {"error"}} shape.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OllamaClientsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeOllama ollama;
    private RunningLibrarian librarian;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama,
                Map.of("OLLAMA_LLM_NUM_CTX", "16384"));
    }

    @BeforeEach
    void ollamaUp() {
        ollama.outage(false);
    }

    @AfterAll
    void stop() {
        librarian.close();
        ollama.close();
    }

    @Test
    void show_gives_the_details_clients_size_their_prompts_by() throws Exception {
        HttpResponse<String> shown = librarian.post("/api/show", "{\"model\": \"librarian:latest\"}");
        assertEquals(200, shown.statusCode(), shown.body());
        JsonNode body = json(shown);
        assertEquals(16384, body.get("model_info").get("librarian.context_length").asInt(), "OLLAMA_LLM_NUM_CTX");
        assertEquals("librarian", body.get("model_info").get("general.architecture").asText());
        assertEquals(List.of("completion"), strings(body.get("capabilities")));
        assertEquals("gguf", body.get("details").get("format").asText());
        assertEquals(200, librarian.post("/api/show", "{\"model\": \"librarian\"}").statusCode(), "tag optional");

        HttpResponse<String> other = librarian.post("/api/show", "{\"model\": \"llama3.2\"}");
        assertEquals(404, other.statusCode());
        assertEquals("model 'llama3.2' not found", json(other).get("error").asText());
    }

    @Test
    void the_load_model_call_is_answered_without_an_llm_call() throws Exception {
        int calls = ollama.chatCalls();
        JsonNode chat = json(librarian.post("/api/chat", "{\"model\": \"librarian:latest\", \"messages\": []}"));
        assertEquals("load", chat.get("done_reason").asText(), chat.toString());
        assertTrue(chat.get("done").asBoolean());
        assertEquals("", chat.get("message").get("content").asText());
        assertEquals("assistant", chat.get("message").get("role").asText());
        assertEquals("load", json(librarian.post("/api/chat", "{\"model\": \"librarian:latest\"}"))
                .get("done_reason").asText(), "no messages at all");

        JsonNode generate = json(librarian.post("/api/generate", "{\"model\": \"librarian:latest\", \"prompt\": \"\"}"));
        assertEquals("load", generate.get("done_reason").asText(), generate.toString());
        assertEquals("", generate.get("response").asText());
        assertEquals("unload", json(librarian.post("/api/generate", "{\"model\": \"librarian:latest\", "
                + "\"keep_alive\": 0}")).get("done_reason").asText());
        assertEquals(calls, ollama.chatCalls(), "nothing asked of the LLM");
    }

    @Test
    void generate_streams_by_default_and_takes_the_chat_prefixes() throws Exception {
        HttpResponse<String> streamed = librarian.post("/api/generate",
                "{\"model\": \"librarian:latest\", \"prompt\": \"/bypass Tell a joke\"}");
        assertEquals(200, streamed.statusCode(), streamed.body());
        assertTrue(streamed.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));
        List<JsonNode> lines = ndjson(streamed.body());
        assertTrue(lines.size() >= 2, streamed.body());
        StringBuilder answer = new StringBuilder();
        lines.forEach(l -> answer.append(l.path("response").asText("")));
        assertTrue(answer.toString().startsWith("Summary: Tell a joke"), answer.toString());
        assertTrue(lines.get(lines.size() - 1).get("done").asBoolean());

        int embeds = ollama.embedRequests();
        JsonNode local = json(librarian.post("/api/generate",
                "{\"model\": \"librarian:latest\", \"stream\": false, \"prompt\": \"/local Who is Bazarov?\"}"));
        assertEquals(QueryResults.NO_CONTEXT_RESPONSE, local.get("response").asText(),
                "a question to the (empty) library, not to the LLM: " + local);
        assertTrue(ollama.embedRequests() > embeds, "retrieval ran");
    }

    @Test
    void tools_and_format_are_refused_with_an_error_clients_show() throws Exception {
        HttpResponse<String> tools = librarian.post("/api/chat", "{\"model\": \"librarian:latest\", \"stream\": false,"
                + " \"messages\": [{\"role\": \"user\", \"content\": \"What is the weather?\"}],"
                + " \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"weather\", \"parameters\": {}}}]}");
        assertEquals(400, tools.statusCode());
        assertEquals("librarian:latest does not support tools: it answers from the library in prose",
                json(tools).get("error").asText());

        HttpResponse<String> format = librarian.post("/api/generate", "{\"model\": \"librarian:latest\","
                + " \"prompt\": \"Who is Bazarov?\", \"format\": {\"type\": \"object\"}}");
        assertEquals(400, format.statusCode());
        assertTrue(json(format).get("error").asText().contains("does not support format"), format.body());

        HttpResponse<String> noTools = librarian.post("/api/chat", "{\"model\": \"librarian:latest\", \"stream\": false,"
                + " \"tools\": [], \"messages\": [{\"role\": \"user\", \"content\": \"/bypass Hi there\"}]}");
        assertEquals(200, noTools.statusCode(), "an empty tools list asks for nothing: " + noTools.body());
    }

    @Test
    void failures_come_in_ollamas_error_shape() throws Exception {
        ollama.outage(true);
        HttpResponse<String> down = librarian.post("/api/chat", "{\"model\": \"librarian:latest\", \"stream\": false,"
                + " \"messages\": [{\"role\": \"user\", \"content\": \"/bypass Hi there\"}]}");
        assertTrue(down.statusCode() == 503 || down.statusCode() == 502, down.statusCode() + " " + down.body());
        assertFalse(json(down).path("error").asText("").isBlank(), down.body());
        assertTrue(json(down).path("detail").isMissingNode(), down.body());

        HttpResponse<String> lightRag = librarian.post("/query", "{\"query\": \"Hi there\", \"mode\": \"bypass\"}");
        assertTrue(json(lightRag).has("detail"), "LightRAG's routes keep LightRAG's shape: " + lightRag.body());
    }

    private static List<JsonNode> ndjson(String body) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
