package dev.librarian.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Clock;

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

    /**
     * Ollama's answer to a load call: {@code message} (chat) or {@code response} (generate) empty, the other left out.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(String model, @JsonProperty("created_at") String createdAt, Message message, String response,
                         @JsonProperty("done_reason") String doneReason, boolean done) {
    }

    public record Message(String role, String content) {
    }

    /** The answer to a {@code /api/chat} load call: an empty assistant message. */
    public Answer chatAnswer(String body) {
        return new Answer(model, clock.instant().toString(), new Message("assistant", ""), null, reason(body), true);
    }

    /** The answer to a {@code /api/generate} load call: an empty response. */
    public Answer generateAnswer(String body) {
        return new Answer(model, clock.instant().toString(), null, "", reason(body), true);
    }

    private static String reason(String body) {
        return unloads(read(body)) ? "unload" : "load";
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
