package dev.librarian.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.api.BadRequestException;
import dev.librarian.llm.ChatMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A validated body of {@code POST /query}, {@code /query/stream} or {@code /query/data} (LightRAG's QueryRequest,
 * §9), with every default filled in. {@link #parse} says precisely what is wrong with a bad body.
 *
 * @param query               the question, stripped, at least 3 characters
 * @param mode                retrieval mode (default mix)
 * @param onlyNeedContext     answer with the retrieved context instead of asking the LLM
 * @param onlyNeedPrompt      answer with the full prompt instead of asking the LLM
 * @param responseType        answer form named in the prompt, e.g. "Multiple Paragraphs"
 * @param topK                entities (local) / relations (global) taken from vector search
 * @param chunkTopK           chunks taken from vector search and kept in the context
 * @param maxEntityTokens     token budget of the entity list
 * @param maxRelationTokens   token budget of the relation list
 * @param maxTotalTokens      token budget of system prompt, context and query together
 * @param hlKeywords          given high-level keywords (non-empty lists skip keyword extraction)
 * @param llKeywords          given low-level keywords
 * @param conversationHistory earlier turns, sent to the LLM only
 * @param userPrompt          extra instructions for the answer, or null
 * @param enableRerank        LightRAG's flag; no reranker exists here, it only takes part in cache keys
 * @param includeReferences   whether /query and /query/stream list references (default true)
 * @param includeChunkContent whether each reference carries its chunks' text
 * @param stream              whether /query/stream streams (default true)
 */
public record QueryRequest(String query, QueryMode mode, boolean onlyNeedContext, boolean onlyNeedPrompt,
                           String responseType, int topK, int chunkTopK, int maxEntityTokens, int maxRelationTokens,
                           int maxTotalTokens, List<String> hlKeywords, List<String> llKeywords,
                           List<ChatMessage> conversationHistory, String userPrompt, boolean enableRerank,
                           boolean includeReferences, boolean includeChunkContent, boolean stream) {

    public static final int MIN_QUERY_LENGTH = 3;
    public static final int MAX_TOP_K = 1000;
    public static final int MAX_TOKENS = 1_000_000;
    public static final int MIN_TOTAL_TOKENS = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    public QueryRequest {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(responseType, "responseType");
        hlKeywords = List.copyOf(hlKeywords);
        llKeywords = List.copyOf(llKeywords);
        conversationHistory = List.copyOf(conversationHistory);
    }

    /** {@link #parse(String, QuerySettings)} with LightRAG's defaults. */
    public static QueryRequest parse(String body) {
        return parse(body, QuerySettings.defaults());
    }

    /**
     * Reads and validates a JSON body; absent or null fields take their defaults from {@code defaults}, unknown
     * fields are ignored.
     *
     * @throws BadRequestException saying which field is wrong and why, or that the body is not a JSON object
     */
    public static QueryRequest parse(String body, QuerySettings defaults) {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("request body is empty; expected a JSON object such as "
                    + "{\"query\": \"...\", \"mode\": \"mix\"}");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new BadRequestException("request body must be a JSON object");
        }
        RequestFields f = new RequestFields(json);
        if (f.absent("query")) {
            throw new BadRequestException("query is required");
        }
        String query = f.string("query", "").strip();
        if (query.codePointCount(0, query.length()) < MIN_QUERY_LENGTH) {
            throw new BadRequestException("query must have at least " + MIN_QUERY_LENGTH + " characters");
        }
        String modeText = f.string("mode", QueryMode.MIX.wire());
        QueryMode mode = QueryMode.parse(modeText).orElseThrow(() -> new BadRequestException(
                "mode must be one of " + QueryMode.ALL + " (got \"" + modeText + "\")"));
        String responseType = f.string("response_type", QuerySettings.DEFAULT_RESPONSE_TYPE);
        if (responseType.isBlank()) {
            throw new BadRequestException("response_type must not be empty");
        }
        String userPrompt = f.string("user_prompt", null);
        return new QueryRequest(query, mode,
                f.bool("only_need_context", false),
                f.bool("only_need_prompt", false),
                responseType.strip(),
                f.integer("top_k", defaults.topK(), 1, MAX_TOP_K),
                f.integer("chunk_top_k", defaults.chunkTopK(), 1, MAX_TOP_K),
                f.integer("max_entity_tokens", defaults.maxEntityTokens(), 1, MAX_TOKENS),
                f.integer("max_relation_tokens", defaults.maxRelationTokens(), 1, MAX_TOKENS),
                f.integer("max_total_tokens", defaults.maxTotalTokens(), MIN_TOTAL_TOKENS, MAX_TOKENS),
                f.strings("hl_keywords"),
                f.strings("ll_keywords"),
                history(json.get("conversation_history")),
                userPrompt == null || userPrompt.isBlank() ? null : userPrompt,
                f.bool("enable_rerank", true),
                f.bool("include_references", true),
                f.bool("include_chunk_content", false),
                f.bool("stream", true));
    }

    /**
     * A request built from an Ollama chat call (no length check: LightRAG's chat emulation has none; a blank query
     * gets the no-context answer). Budgets take their defaults.
     */
    public static QueryRequest forChat(String query, QueryMode mode, boolean onlyNeedContext, String userPrompt,
                                       List<ChatMessage> history, boolean stream, QuerySettings defaults) {
        return new QueryRequest(query.strip(), mode, onlyNeedContext, false, QuerySettings.DEFAULT_RESPONSE_TYPE,
                defaults.topK(), defaults.chunkTopK(), defaults.maxEntityTokens(), defaults.maxRelationTokens(),
                defaults.maxTotalTokens(), List.of(), List.of(), history,
                userPrompt == null || userPrompt.isBlank() ? null : userPrompt, true, true, false, stream);
    }

    private static List<ChatMessage> history(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new BadRequestException("conversation_history must be a list of {\"role\", \"content\"} objects");
        }
        List<ChatMessage> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String at = "conversation_history[" + i + "]";
            if (!m.isObject()) {
                throw new BadRequestException(at + " must be an object with \"role\" and \"content\"");
            }
            JsonNode role = m.get("role");
            if (role == null || !role.isTextual() || role.textValue().isBlank()) {
                throw new BadRequestException(at + ".role must be a non-empty string");
            }
            JsonNode content = m.get("content");
            if (content == null || !content.isTextual()) {
                throw new BadRequestException(at + ".content must be a string");
            }
            out.add(new ChatMessage(role.textValue().strip(), content.textValue()));
        }
        return out;
    }

    /** The keywords given in the request (possibly empty). */
    public Keywords givenKeywords() {
        return new Keywords(hlKeywords, llKeywords);
    }

    /** True when the mode searches the graph and the request gave no keywords: the LLM must extract them. */
    public boolean needsKeywordExtraction() {
        return mode.usesKeywords() && givenKeywords().isEmpty() && !query.isBlank();
    }
}
