package dev.librarian.query;

import dev.librarian.llm.ChatMessage;
import dev.librarian.llm.ChatRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The answering call (§8): a system prompt holding the instructions, the answer form, the user's extra
 * instructions and the retrieved context, then the conversation history, then the query as the user message.
 * Naive mode gets a variant that speaks of document excerpts only. Bypass mode sends history and query alone.
 */
public final class AnswerPrompt {

    /** {@link ChatRequest#kind()} and cache type of answering calls. */
    public static final String KIND = "query";

    /** Separates system prompt and query in the {@code only_need_prompt} text, as LightRAG does. */
    public static final String QUERY_DELIMITER = "\n\n---User Query---\n\n";

    private static final String GRAPH_TEMPLATE = """
            You are Librarian, an assistant who answers questions about the books and documents in the user's \
            library.

            Base your answer on the library material at the end of this message and on nothing else. The material \
            has entities and relationships taken from the library's knowledge graph, and excerpts of the documents \
            themselves; each excerpt carries the reference_id of its document in the document list.

            How to answer:
            1. Work out what the user is asking, taking the conversation so far into account.
            2. Find the facts in the material that bear on the question and connect them where the material \
            supports the connection. Do not bring in facts from outside the material. If the material does not \
            answer the question, say so plainly instead of guessing.
            3. Answer in the language of the question, in Markdown, in this form: {response_type}.
            4. End with a section headed "### References" that lists the documents you used, at most five, one per \
            line as "* [reference_id] file name", taken from the document list. List nothing else there.

            Further instructions from the user: {user_prompt}

            ---Library material---

            {context}""";

    private static final String NAIVE_TEMPLATE = """
            You are Librarian, an assistant who answers questions about the books and documents in the user's \
            library.

            Base your answer on the document excerpts at the end of this message and on nothing else. Each excerpt \
            carries the reference_id of its document in the document list.

            How to answer:
            1. Work out what the user is asking, taking the conversation so far into account.
            2. Find the passages that bear on the question and combine what they say. Do not bring in facts from \
            outside the excerpts. If the excerpts do not answer the question, say so plainly instead of guessing.
            3. Answer in the language of the question, in Markdown, in this form: {response_type}.
            4. End with a section headed "### References" that lists the documents you used, at most five, one per \
            line as "* [reference_id] file name", taken from the document list. List nothing else there.

            Further instructions from the user: {user_prompt}

            ---Document excerpts---

            {context}""";

    /** The system prompt for {@code request} around {@code context}. */
    public String systemPrompt(QueryRequest request, String context) {
        return systemPrompt(request.mode(), request.responseType(), request.userPrompt(), context);
    }

    String systemPrompt(QueryMode mode, String responseType, String userPrompt, String context) {
        String template = mode == QueryMode.NAIVE ? NAIVE_TEMPLATE : GRAPH_TEMPLATE;
        return Templates.fill(template, Map.of(
                "response_type", responseType,
                "user_prompt", userPrompt == null || userPrompt.isBlank() ? "none" : userPrompt,
                "context", context));
    }

    /** System prompt, conversation history, then the query. */
    public List<ChatMessage> messages(QueryRequest request, QueryContext context) {
        List<ChatMessage> messages = new ArrayList<>(request.conversationHistory().size() + 2);
        messages.add(ChatMessage.system(systemPrompt(request, context.context())));
        messages.addAll(request.conversationHistory());
        messages.add(ChatMessage.user(request.query()));
        return messages;
    }

    /** The answering LLM call: kind and cache type {@code query} (priority 0 in the LLM queue). */
    public ChatRequest request(QueryRequest request, QueryContext context) {
        return new ChatRequest(messages(request, context), KIND, KIND, null);
    }

    /** The {@code only_need_prompt} answer: system prompt, delimiter, query. */
    public String promptText(QueryRequest request, QueryContext context) {
        return systemPrompt(request, context.context()) + QUERY_DELIMITER + request.query();
    }

    /** Bypass mode: history and query, no system prompt, no retrieval. */
    public ChatRequest bypassRequest(QueryRequest request) {
        return bypassRequest(request.query(), request.conversationHistory(), null);
    }

    /** A direct LLM call (bypass, Ollama {@code /api/generate}): optional system prompt, history, then the text. */
    public ChatRequest bypassRequest(String text, List<ChatMessage> history, String system) {
        List<ChatMessage> messages = new ArrayList<>(history.size() + 2);
        if (system != null && !system.isBlank()) {
            messages.add(ChatMessage.system(system));
        }
        messages.addAll(history);
        messages.add(ChatMessage.user(text));
        return new ChatRequest(messages, KIND, KIND, null);
    }
}
