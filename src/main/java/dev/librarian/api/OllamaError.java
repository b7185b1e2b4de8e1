package dev.librarian.api;

import java.util.Map;

/**
 * The error body Ollama sends, {@code {"error": "..."}}: what Ollama clients (ollama-js, LangChain, Open WebUI) read
 * to tell the user what went wrong; under {@code /api/} it replaces LightRAG's {@code {"detail": ...}}.
 */
public final class OllamaError {

    private static final String PREFIX = "/api/";

    private OllamaError() {
    }

    public static Map<String, Object> of(String message) {
        return Map.of("error", message == null || message.isBlank() ? "request failed" : message);
    }

    /** The same message in Ollama's shape, from a LightRAG-shaped {@code {"detail": ...}} body. */
    public static Map<String, Object> fromDetail(Map<String, Object> detail) {
        Object message = detail.get("detail");
        return of(message == null ? null : message.toString());
    }

    /** Ollama's shape under {@code /api/}, the emulated Ollama; LightRAG's everywhere else. */
    public static Map<String, Object> forPath(String path, String message) {
        return path != null && path.startsWith(PREFIX) ? of(message) : ErrorDetail.of(message);
    }
}
