package dev.librarian.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * LightRAG's {@code GET /auth-status}, which its clients ask before anything else to learn how to log in. Librarian
 * has no accounts (an API key at most, sent as {@code X-API-Key} or {@code Authorization: Bearer}), so login is
 * always disabled; unlike LightRAG no guest token is issued, as no route needs one.
 */
public final class AuthStatus {

    private final boolean apiKeyRequired;

    public AuthStatus(boolean apiKeyRequired) {
        this.apiKeyRequired = apiKeyRequired;
    }

    public record Answer(@JsonProperty("auth_configured") boolean authConfigured,
                         @JsonProperty("auth_mode") String authMode,
                         @JsonProperty("access_token") String accessToken,
                         @JsonProperty("token_type") String tokenType,
                         @JsonProperty("api_key_required") boolean apiKeyRequired,
                         String message) {
    }

    public Answer status() {
        return new Answer(false, "disabled", "", "bearer", apiKeyRequired, apiKeyRequired
                ? "Login is disabled; send the API key in the X-API-Key header"
                : "Login is disabled: the API is open");
    }
}
