package dev.librarian.query;

import dev.librarian.llm.ChatMessage;
import dev.librarian.llm.ChatRequest;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The keyword-extraction call (§8): one user message, no system prompt, asking for LightRAG's JSON object
 * {@code {"high_level_keywords": [...], "low_level_keywords": [...]}}. The question is on the last line, after
 * {@code Query:}.
 */
public final class KeywordPrompt {

    /** {@link ChatRequest#kind()} and cache type of keyword calls. */
    public static final String KIND = "keywords";

    private static final String TEMPLATE = """
            Your task is to choose search keywords for a question about the books and documents in a library. \
            The keywords are matched against a knowledge graph built from that library.

            Reply with one JSON object and nothing else (no explanation, no code fence). It has two keys:
            - "high_level_keywords": the broad themes, concepts or kinds of answer the question is after \
            (e.g. "betrayal", "life at sea", "causes of the war").
            - "low_level_keywords": the concrete things the question names or implies: people, places, \
            organisations, works, objects, events, dates, technical terms.

            Guidelines:
            - Short phrases of one to four words; at most six of each kind; no duplicates.
            - Keep names exactly as the question writes them. Write the other keywords in the language of the \
            question ({language} if you cannot tell).
            - If the question is vague, give your best guesses. Use an empty list only when there is truly nothing \
            of that kind.

            Example
            Question: Why does Captain Ahab chase the white whale across the Pacific?
            Answer: {"high_level_keywords": ["obsession", "revenge", "whaling voyage"], \
            "low_level_keywords": ["Captain Ahab", "white whale", "Moby Dick", "Pacific Ocean"]}

            Example
            Question: How did the town change after the railway came?
            Answer: {"high_level_keywords": ["social change", "industrialisation", "transport"], \
            "low_level_keywords": ["railway", "town", "railway station"]}

            Now the real question. Answer with the JSON object only.
            Query: {query}
            """;

    private final String language;

    /** @param language the library's main language, named in the prompt (SUMMARY_LANGUAGE) */
    public KeywordPrompt(String language) {
        this.language = Objects.requireNonNull(language, "language");
    }

    /** The prompt text for {@code query} (line breaks in the query are flattened so it stays on the Query line). */
    public String text(String query) {
        String oneLine = query.strip().replaceAll("\\s*\\R\\s*", " ");
        return Templates.fill(TEMPLATE, Map.of("language", language, "query", oneLine));
    }

    /** The LLM call: kind and cache type {@code keywords} (priority 0 in the LLM queue). */
    public ChatRequest request(String query) {
        return new ChatRequest(List.of(ChatMessage.user(text(query))), KIND, KIND, null);
    }

    public String language() {
        return language;
    }
}
