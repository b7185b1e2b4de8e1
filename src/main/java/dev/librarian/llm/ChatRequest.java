package dev.librarian.llm;

import java.util.List;

/**
 * One LLM call as the pipeline asks for it.
 *
 * @param messages  system message (optional), history, and the final user message
 * @param cacheType LightRAG's cache type: {@code extract} (also for gleaning) or {@code summary}
 * @param kind      what the call is for, for logs and counters: extract, glean, summary
 * @param chunkId   the chunk the call is about, or null
 * @param stream    where the answer goes piece by piece as Ollama streams it, or null for a whole answer
 */
public record ChatRequest(List<ChatMessage> messages, String cacheType, String kind, String chunkId,
                          AnswerStream stream) {

    public ChatRequest(List<ChatMessage> messages, String cacheType, String kind, String chunkId) {
        this(messages, cacheType, kind, chunkId, null);
    }

    /** The same call, its answer streamed into {@code sink}. */
    public ChatRequest streamedTo(AnswerStream sink) {
        return new ChatRequest(messages, cacheType, kind, chunkId, sink);
    }

    public boolean streamed() {
        return stream != null;
    }

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
