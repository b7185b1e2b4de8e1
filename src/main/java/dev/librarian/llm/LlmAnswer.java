package dev.librarian.llm;

/**
 * The text an LLM call produced.
 *
 * @param content  the answer with {@code <think>} blocks removed
 * @param cacheKey the key under which it is kept in {@code kv_store_llm_response_cache.json}
 * @param cached   true when it came from the cache and no call was made
 */
public record LlmAnswer(String content, String cacheKey, boolean cached) {
}
