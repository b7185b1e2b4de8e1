package dev.librarian.api;

import java.util.Map;

/** The error body LightRAG's server (FastAPI) sends: {@code {"detail": "..."}}. */
public final class ErrorDetail {

    private ErrorDetail() {
    }

    public static Map<String, Object> of(String message) {
        return Map.of("detail", message == null || message.isBlank() ? "request failed" : message);
    }
}
