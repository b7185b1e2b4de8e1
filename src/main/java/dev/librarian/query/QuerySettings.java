package dev.librarian.query;

/**
 * Query-side defaults and tunables, with LightRAG's names and defaults (§8), read by {@code Settings}: request
 * defaults, the cosine threshold of vector search, how chunks are picked for graph hits, the language of keyword
 * extraction, whether answers and keywords are cached, and the model name the Ollama emulation announces.
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

    /** {@code name:tag}, e.g. {@code librarian:latest}. */
    public String modelId() {
        return modelName + ":" + modelTag;
    }
}
