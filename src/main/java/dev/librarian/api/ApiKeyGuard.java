package dev.librarian.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * LightRAG's API key rule: when {@code LIGHTRAG_API_KEY} is set, every request except {@code /health} and the web
 * page's files must carry it in the {@code X-API-Key} header; a missing or wrong key is refused (LightRAG answers 403 for both).
 */
public final class ApiKeyGuard {

    public static final String HEADER = "X-API-Key";
    /** Where Open WebUI and Ollama's own clients send a key: {@code Authorization: Bearer <key>}. */
    public static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "bearer ";
    /**
     * Open without the key: the health check and the web page's own files, which hold no data (a browser cannot send
     * the header when it opens a page; the page then sends it with every call, as LightRAG's web UI does). LightRAG
     * clients ask {@code /auth-status} before they have a key, to learn whether they need one. The API's description
     * ({@code /openapi.json}, rendered by {@code /docs}) holds no data either, and LightRAG serves both openly.
     */
    private static final Set<String> OPEN_PATHS = Set.of("/health", "/", "/auth-status", "/docs", "/openapi.json");
    private static final String OPEN_PREFIX = "/ui/";

    private final byte[] key;

    /** {@code apiKey} null or blank leaves the API open. */
    public ApiKeyGuard(String apiKey) {
        this.key = apiKey == null || apiKey.isBlank() ? null : apiKey.strip().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The key a request presents: its {@code X-API-Key} header, else the token of an {@code Authorization: Bearer}
     * header; null when it has neither.
     */
    public static String presented(String apiKeyHeader, String authorization) {
        if (apiKeyHeader != null && !apiKeyHeader.isEmpty()) {
            return apiKeyHeader;
        }
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).strip();
        }
        return null;
    }

    /** Why a request for {@code path} with header value {@code presented} is refused, or null when it may pass. */
    public String refusal(String path, String presented) {
        if (key == null || OPEN_PATHS.contains(path) || path.startsWith(OPEN_PREFIX)) {
            return null;
        }
        if (presented == null || presented.isEmpty()) {
            return "API Key required: send it in the " + HEADER + " header (or as Authorization: Bearer)";
        }
        // constant-time comparison: the answer's timing says nothing about how much of a guess was right
        return MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.UTF_8)) ? null : "Invalid API Key";
    }
}
