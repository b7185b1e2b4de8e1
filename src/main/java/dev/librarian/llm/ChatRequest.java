package dev.librarian.llm;

import java.util.List;

/**
 * One LLM call as the pipeline asks for it.
 *
 * @param messages  system message (optional), history, and the final user message
 * @param cacheType LightRAG's cache type: {@code extract} (also for gleaning) or {@code summary}
 * @param kind      what the call is for, for logs and counters: extract, glean, summary
 * @param chunkId   the chunk the call is about, or null
 */
public record ChatRequest(List<ChatMessage> messages, String cacheType, String kind, String chunkId) {

    /** Lower goes first: summaries finish documents, first passes feed gleaning, gleaning feeds nothing. */
    public int priority() {
        return switch (kind) {
            case "summary" -> 1;
            case "extract" -> 2;
            case "glean" -> 3;
            default -> 0;
        };
    }
}
