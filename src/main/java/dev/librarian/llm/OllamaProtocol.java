package dev.librarian.llm;

import dev.librarian.intake.TextSanitizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.metrics.LibrarianMetrics;
import org.apache.hc.core5.http.io.EofSensorInputStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds Ollama request bodies ({@code /api/chat}, {@code /api/embed}) and reads their answers, counting the tokens
 * Ollama reports in them ({@code prompt_eval_count}, {@code eval_count}).
 */
public final class OllamaProtocol {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String chatModel;
    private final String embeddingModel;
    private final Optional<Integer> numCtx;
    private final LibrarianMetrics metrics;

    public OllamaProtocol(String chatModel, String embeddingModel, Optional<Integer> numCtx) {
        this(chatModel, embeddingModel, numCtx, LibrarianMetrics.unpublished());
    }

    public OllamaProtocol(String chatModel, String embeddingModel, Optional<Integer> numCtx,
                          LibrarianMetrics metrics) {
        this.chatModel = chatModel;
        this.embeddingModel = embeddingModel;
        this.numCtx = numCtx;
        this.metrics = metrics;
    }

    public Map<String, Object> chatBody(ChatRequest request) {
        if (request.streamed()) {
            // a question whose client left while the call waited in the queue is not sent
            request.stream().checkNotCancelled();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", chatModel);
        List<Map<String, String>> messages = new ArrayList<>();
        for (ChatMessage m : request.messages()) {
            // a fixed key order keeps the request bytes the same from one run to the next
            Map<String, String> message = new LinkedHashMap<>();
            message.put("role", m.role());
            // valid Unicode only: a lone surrogate (e.g. "\\ud800" in a question's JSON) makes Ollama drop the call
            message.put("content", TextSanitizer.wellFormed(m.content()));
            messages.add(message);
        }
        body.put("messages", messages);
        body.put("stream", request.streamed());
        numCtx.ifPresent(n -> body.put("options", Map.of("num_ctx", n)));
        return body;
    }

    /** The assistant's text from a non-streaming chat answer, without {@code <think>} blocks. */
    public String chatContent(Map<String, Object> response) {
        if (response.get("error") != null) {
            throw new OllamaException("Ollama answered with an error: " + response.get("error"));
        }
        if (!(response.get("message") instanceof Map<?, ?> message) || !(message.get("content") instanceof String content)) {
            throw new OllamaException("Ollama's chat answer has no message content: " + abbreviate(response));
        }
        metrics.llmTokens(count(response.get("prompt_eval_count")), count(response.get("eval_count")));
        return ThinkTags.remove(content).trim();
    }

    /**
     * Reads a streamed chat answer (NDJSON) and hands each piece to the request's {@link AnswerStream} as it
     * arrives; returns the whole answer. A stream that breaks off (e.g. Ollama stalls past {@code LLM_TIMEOUT})
     * is abandoned at once, its connection closed rather than drained; once pieces reached the client it fails
     * with an {@link OllamaException} (not retried: the client would get them twice), before that with the
     * {@link IOException} (retried).
     */
    public String relay(InputStream ndjson, ChatRequest request) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(ndjson, StandardCharsets.UTF_8));
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode piece = JSON.readTree(line);
                if (piece.hasNonNull("error")) {
                    throw new OllamaException("Ollama answered with an error: " + piece.get("error").asText());
                }
                if (request.stream().cancelled()) {
                    // the client left: closing the connection stops Ollama generating the rest
                    abandon(ndjson);
                    request.stream().checkNotCancelled();
                }
                request.stream().piece(piece.path("message").path("content").asText(""));
                if (piece.path("done").asBoolean(false)) {
                    metrics.llmTokens(piece.path("prompt_eval_count").asLong(0), piece.path("eval_count").asLong(0));
                    break;
                }
            }
        } catch (IOException e) {
            abandon(ndjson);
            if (!request.stream().text().isEmpty()) {
                throw new OllamaException("Ollama's answer broke off after " + request.stream().text().length()
                        + " characters: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            throw e;
        } catch (RuntimeException e) {
            abandon(ndjson);
            throw e;
        }
        in.close();
        return request.stream().text();
    }

    /** Closes the connection under a response stream without reading the rest of it. */
    private static void abandon(InputStream stream) {
        try {
            if (stream instanceof EofSensorInputStream response) {
                response.abort();
            } else {
                stream.close();
            }
        } catch (IOException ignored) {
            // the connection is gone either way
        }
    }

    public Map<String, Object> embedBody(List<String> inputs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", embeddingModel);
        body.put("input", inputs.stream().map(TextSanitizer::wellFormed).toList());
        return body;
    }

    /** One vector per input, checked against the number of inputs and the configured dimension. */
    public List<float[]> embeddings(EmbedAnswer answer, int expectedCount, int dimension) {
        if (answer.error != null) {
            throw new OllamaException("Ollama answered with an error: " + answer.error);
        }
        if (answer.embeddings == null) {
            throw new OllamaException("Ollama's embed answer has no embeddings");
        }
        metrics.embeddingTokens(answer.promptEvalCount);
        if (answer.embeddings.length != expectedCount) {
            throw new OllamaException("Ollama returned " + answer.embeddings.length + " embeddings for "
                    + expectedCount + " inputs");
        }
        for (float[] v : answer.embeddings) {
            if (v == null || v.length != dimension) {
                throw new OllamaException("embedding model " + embeddingModel + " returned "
                        + (v == null ? 0 : v.length) + "-dimensional vectors but EMBEDDING_DIM is " + dimension);
            }
        }
        return List.of(answer.embeddings);
    }

    private static long count(Object reported) {
        return reported instanceof Number n ? n.longValue() : 0;
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
