package dev.librarian.query;

import dev.librarian.llm.ChatMessage;

import java.util.List;

/**
 * An Ollama {@code /api/chat} request as the emulation reads it: the last user message, with its mode prefix
 * removed, is the query; the earlier messages are the conversation history.
 *
 * @param model           model named by the client (informational)
 * @param query           the query without its prefix
 * @param mode            mode from the prefix (mix without one)
 * @param onlyNeedContext {@code /context}-style prefix: answer with the retrieved context
 * @param userPrompt      the {@code [..]} part of a {@code /mode[..]} prefix, or null
 * @param history         earlier messages
 * @param stream          whether to answer as NDJSON (Ollama's default: true)
 * @param system          the request's {@code system} field, used only when the call bypasses retrieval
 * @param bypass          send straight to the LLM: {@code /bypass} prefix, or an Open WebUI title/tag request
 */
public record OllamaChatCall(String model, String query, QueryMode mode, boolean onlyNeedContext, String userPrompt,
                             List<ChatMessage> history, boolean stream, String system, boolean bypass) {

    public OllamaChatCall {
        history = List.copyOf(history);
    }

    /** The query request for retrieval (not for bypass calls). */
    public QueryRequest toQueryRequest(QuerySettings settings) {
        return QueryRequest.forChat(query, mode, onlyNeedContext, userPrompt, history, stream, settings);
    }

    /** True when the prefix left no query: the answer is the no-context response. */
    public boolean isBlank() {
        return query.isBlank();
    }
}
