package dev.librarian.llm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Builds Ollama request bodies ({@code /api/chat}, {@code /api/embed}) and reads their answers. */
public final class OllamaProtocol {

    private static final Pattern THINK = Pattern.compile("(?s)<think>.*?</think>");

    private final String chatModel;
    private final String embeddingModel;
    private final Optional<Integer> numCtx;

    public OllamaProtocol(String chatModel, String embeddingModel, Optional<Integer> numCtx) {
        this.chatModel = chatModel;
        this.embeddingModel = embeddingModel;
        this.numCtx = numCtx;
    }

    public Map<String, Object> chatBody(ChatRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", chatModel);
        List<Map<String, String>> messages = new ArrayList<>();
        request.messages().forEach(m -> messages.add(Map.of("role", m.role(), "content", m.content())));
        body.put("messages", messages);
        body.put("stream", false);
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
        return THINK.matcher(content).replaceAll("").trim();
    }

    public Map<String, Object> embedBody(List<String> inputs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", embeddingModel);
        body.put("input", inputs);
        return body;
    }

    /** One vector per input, checked against the number of inputs and the configured dimension. */
    public List<float[]> embeddings(Map<String, Object> response, int expectedCount, int dimension) {
        if (!(response.get("embeddings") instanceof List<?> rows)) {
            throw new OllamaException("Ollama's embed answer has no embeddings: " + abbreviate(response));
        }
        if (rows.size() != expectedCount) {
            throw new OllamaException("Ollama returned " + rows.size() + " embeddings for " + expectedCount + " inputs");
        }
        List<float[]> vectors = new ArrayList<>(rows.size());
        for (Object row : rows) {
            List<?> values = (List<?>) row;
            if (values.size() != dimension) {
                throw new OllamaException("embedding model " + embeddingModel + " returned " + values.size()
                        + "-dimensional vectors but EMBEDDING_DIM is " + dimension);
            }
            float[] v = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                v[i] = ((Number) values.get(i)).floatValue();
            }
            vectors.add(v);
        }
        return vectors;
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
