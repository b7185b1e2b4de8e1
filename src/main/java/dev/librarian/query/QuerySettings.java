package dev.librarian.query;

import java.util.Locale;
import java.util.function.Function;

/**
 * Query-side defaults and tunables, with LightRAG's names and defaults (§8): request defaults, the cosine threshold
 * of vector search, how chunks are picked for graph hits, the language of keyword extraction, whether answers and
 * keywords are cached, and the model name the Ollama emulation announces.
 *
 * @param topK               default {@code top_k} (TOP_K, 40)
 * @param chunkTopK          default {@code chunk_top_k} (CHUNK_TOP_K, 20)
 * @param maxEntityTokens    default {@code max_entity_tokens} (MAX_ENTITY_TOKENS, 6000)
 * @param maxRelationTokens  default {@code max_relation_tokens} (MAX_RELATION_TOKENS, 8000)
 * @param maxTotalTokens     default {@code max_total_tokens} (MAX_TOTAL_TOKENS, 30000)
 * @param cosineThreshold    minimum cosine of a vector hit (COSINE_THRESHOLD, 0.2)
 * @param relatedChunkNumber chunks per graph hit when picking source chunks (RELATED_CHUNK_NUMBER, 5)
 * @param chunkPickMethod    VECTOR or WEIGHT (KG_CHUNK_PICK_METHOD, VECTOR)
 * @param language           language named in the keyword prompt (SUMMARY_LANGUAGE, English)
 * @param llmCacheEnabled    keep keyword and answer results in the LLM cache (ENABLE_LLM_CACHE, true)
 * @param modelName          model name the Ollama emulation serves (OLLAMA_EMULATING_MODEL_NAME, librarian)
 * @param modelTag           its tag (OLLAMA_EMULATING_MODEL_TAG, latest)
 */
public record QuerySettings(int topK, int chunkTopK, int maxEntityTokens, int maxRelationTokens, int maxTotalTokens,
                            double cosineThreshold, int relatedChunkNumber, ChunkPickMethod chunkPickMethod,
                            String language, boolean llmCacheEnabled, String modelName, String modelTag) {

    /** How source chunks of graph hits are chosen (LightRAG's {@code kg_chunk_pick_method}). */
    public enum ChunkPickMethod {
        /** By cosine similarity of the chunk's stored vector to the query vector. */
        VECTOR,
        /** By occurrence counts, with quotas falling linearly along the hit list. */
        WEIGHT
    }

    public static final String DEFAULT_RESPONSE_TYPE = "Multiple Paragraphs";

    /** LightRAG's defaults. */
    public static QuerySettings defaults() {
        return new QuerySettings(40, 20, 6000, 8000, 30000, 0.2, 5, ChunkPickMethod.VECTOR, "English", true,
                "librarian", "latest");
    }

    /**
     * Reads the settings through {@code lookup} (null for unset), with LightRAG's environment variable names; bad
     * values fail with a message naming the variable.
     */
    public static QuerySettings from(Function<String, String> lookup) {
        QuerySettings d = defaults();
        return new QuerySettings(
                integer(lookup, "TOP_K", d.topK()),
                integer(lookup, "CHUNK_TOP_K", d.chunkTopK()),
                integer(lookup, "MAX_ENTITY_TOKENS", d.maxEntityTokens()),
                integer(lookup, "MAX_RELATION_TOKENS", d.maxRelationTokens()),
                integer(lookup, "MAX_TOTAL_TOKENS", d.maxTotalTokens()),
                decimal(lookup, "COSINE_THRESHOLD", d.cosineThreshold()),
                integer(lookup, "RELATED_CHUNK_NUMBER", d.relatedChunkNumber()),
                pickMethod(lookup.apply("KG_CHUNK_PICK_METHOD"), d.chunkPickMethod()),
                string(lookup, "SUMMARY_LANGUAGE", d.language()),
                bool(lookup, "ENABLE_LLM_CACHE", d.llmCacheEnabled()),
                string(lookup, "OLLAMA_EMULATING_MODEL_NAME", d.modelName()),
                string(lookup, "OLLAMA_EMULATING_MODEL_TAG", d.modelTag()));
    }

    /** {@code name:tag}, e.g. {@code librarian:latest}. */
    public String modelId() {
        return modelName + ":" + modelTag;
    }

    private static String string(Function<String, String> lookup, String key, String fallback) {
        String v = lookup.apply(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static int integer(Function<String, String> lookup, String key, int fallback) {
        String v = lookup.apply(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) {
                throw new IllegalArgumentException(key + " must be a positive integer, not '" + v + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, not '" + v + "'");
        }
    }

    private static double decimal(Function<String, String> lookup, String key, double fallback) {
        String v = lookup.apply(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + v + "'");
        }
    }

    private static boolean bool(Function<String, String> lookup, String key, boolean fallback) {
        String v = lookup.apply(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, not '" + v + "'");
        };
    }

    private static ChunkPickMethod pickMethod(String v, ChunkPickMethod fallback) {
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return ChunkPickMethod.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("KG_CHUNK_PICK_METHOD must be VECTOR or WEIGHT, not '" + v + "'");
        }
    }
}
