package dev.librarian.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ollama's load-model call: {@code /api/chat} without messages, or {@code /api/generate} with an empty prompt, asks
 * Ollama to load the model and answers at once with {@code done_reason: "load"} ({@code "unload"} with
 * {@code keep_alive: 0}). Clients send it to warm a model up; the library is always loaded, so it is answered here
 * without an LLM call.
 */
public final class OllamaModelLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String model;
    private final Clock clock;

    public OllamaModelLoad(String model, Clock clock) {
        this.model = model;
        this.clock = clock;
    }

    /** A {@code /api/chat} body with no messages (absent, null or empty). Malformed bodies are not load calls. */
    public boolean isChatLoad(String body) {
        JsonNode json = read(body);
        if (json == null) {
            return false;
        }
        JsonNode messages = json.get("messages");
        return messages == null || messages.isNull() || (messages.isArray() && messages.isEmpty());
    }

    /** A {@code /api/generate} body whose prompt is absent or empty. */
    public boolean isGenerateLoad(String body) {
        JsonNode json = read(body);
        if (json == null) {
            return false;
        }
        JsonNode prompt = json.get("prompt");
        return prompt == null || prompt.isNull() || (prompt.isTextual() && prompt.textValue().isEmpty());
    }

    /** The answer to a {@code /api/chat} load call: an empty assistant message. */
    public Map<String, Object> chatAnswer(String body) {
        Map<String, Object> m = head();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", "");
        m.put("message", message);
        return done(m, body);
    }

    /** The answer to a {@code /api/generate} load call: an empty response. */
    public Map<String, Object> generateAnswer(String body) {
        Map<String, Object> m = head();
        m.put("response", "");
        return done(m, body);
    }

    private Map<String, Object> head() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("created_at", clock.instant().toString());
        return m;
    }

    private static Map<String, Object> done(Map<String, Object> m, String body) {
        m.put("done_reason", unloads(read(body)) ? "unload" : "load");
        m.put("done", true);
        return m;
    }

    /** {@code keep_alive} 0 (a number or a duration such as "0s") asks Ollama to unload the model. */
    private static boolean unloads(JsonNode json) {
        JsonNode keepAlive = json == null ? null : json.get("keep_alive");
        if (keepAlive == null || keepAlive.isNull()) {
            return false;
        }
        if (keepAlive.isNumber()) {
            return keepAlive.asDouble() == 0;
        }
        return keepAlive.isTextual() && keepAlive.textValue().strip().matches("0+(\\.0*)?[a-z]*");
    }

    private static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(body);
            return json != null && json.isObject() ? json : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
