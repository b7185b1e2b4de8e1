package dev.librarian.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.intake.DocumentIds;
import dev.librarian.store.KvStore;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keyword and answer results in {@code kv_store_llm_response_cache.json} under LightRAG's query-side keys (§7):
 * {@code <mode>:keywords:md5(mode + query + language + "\n<llm_identity>\n" + identity)} and
 * {@code <mode>:query:md5(mode + query + response_type + budgets + keyword strings + user_prompt + flags
 * + "\n<llm_identity>\n" + identity)}, identity being the sorted compact JSON of binding, host, model and role
 * ({@code keyword} / {@code query}). Entries hold {@code return}, {@code cache_type}, {@code chunk_id} (null),
 * {@code original_prompt} (the query) and {@code queryparam}. A question does not wait for the store: its entries
 * are found at once from memory, and {@link #writeKept()} (called beside the question, the
 * {@code query-cache-write} route) commits them in the writers' turn. Disabled (ENABLE_LLM_CACHE=false) it finds
 * nothing and keeps nothing. Thread-safe.
 */
public final class QueryCache {

    private static final ObjectMapper COMPACT = new ObjectMapper();

    private final KvStore store;
    private final String language;
    private final boolean enabled;
    private final String keywordIdentity;
    private final String queryIdentity;
    private final KeywordParser parser = new KeywordParser();
    /** Entries kept and not written yet, by key. */
    private final Map<String, ObjectNode> unwritten = new ConcurrentHashMap<>();
    /** Keys of the entries a {@link #writeKept()} call is writing. */
    private final Set<String> beingWritten = ConcurrentHashMap.newKeySet();

    /**
     * @param store    the LLM cache store ({@code LibraryStores.llmCache()})
     * @param host     LLM host as configured (LLM_BINDING_HOST), part of the identity
     * @param model    LLM model (LLM_MODEL), part of the identity
     * @param language SUMMARY_LANGUAGE, part of keyword keys
     * @param enabled  ENABLE_LLM_CACHE
     */
    public QueryCache(KvStore store, String host, String model, String language, boolean enabled) {
        this.store = store;
        this.language = language;
        this.enabled = enabled;
        this.keywordIdentity = identity(host, model, "keyword");
        this.queryIdentity = identity(host, model, "query");
    }

    private static String identity(String host, String model, String role) {
        TreeMap<String, String> id = new TreeMap<>();
        id.put("binding", "ollama");
        id.put("host", host);
        id.put("model", model);
        id.put("role", role);
        try {
            return COMPACT.writeValueAsString(id); // sort_keys=True, separators=(",", ":")
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cache key of the keywords extracted for this request's mode and query. */
    public String keywordsKey(QueryRequest request) {
        String mode = request.mode().wire();
        return mode + ":keywords:" + DocumentIds.md5Hex(mode + request.query() + language
                + "\n<llm_identity>\n" + keywordIdentity);
    }

    /** The cache key of the answer to this request given these keywords (naive mode leaves the keywords out). */
    public String answerKey(QueryRequest request, Keywords keywords) {
        StringBuilder s = new StringBuilder();
        s.append(request.mode().wire()).append(request.query()).append(request.responseType())
                .append(request.topK()).append(request.chunkTopK()).append(request.maxEntityTokens())
                .append(request.maxRelationTokens()).append(request.maxTotalTokens());
        if (request.mode() != QueryMode.NAIVE) {
            s.append(keywords.highLevelText()).append(keywords.lowLevelText());
        }
        s.append(request.userPrompt() == null ? "" : request.userPrompt())
                .append(python(request.enableRerank()))
                .append(python(true)) // enable_content_headings
                .append("\n<llm_identity>\n").append(queryIdentity);
        return request.mode().wire() + ":query:" + DocumentIds.md5Hex(s.toString());
    }

    private static String python(boolean b) {
        return b ? "True" : "False";
    }

    /** Keywords cached for this request, if any usable ones are. */
    public Optional<Keywords> keywords(QueryRequest request) {
        if (!enabled) {
            return Optional.empty();
        }
        return entry(keywordsKey(request))
                .map(e -> parser.parse(e.path("return").asText("")))
                .filter(k -> !k.isEmpty());
    }

    /** Keeps extracted keywords (only non-empty ones, as LightRAG does). */
    public void storeKeywords(QueryRequest request, Keywords keywords) {
        if (!enabled || keywords.isEmpty()) {
            return;
        }
        String json = "{\"high_level_keywords\": " + asciiJsonList(keywords.highLevel())
                + ", \"low_level_keywords\": " + asciiJsonList(keywords.lowLevel()) + "}";
        put(keywordsKey(request), json, "keywords", request);
    }

    /** The cached answer to this request, if any. */
    public Optional<String> answer(QueryRequest request, Keywords keywords) {
        if (!enabled) {
            return Optional.empty();
        }
        return entry(answerKey(request, keywords)).map(e -> e.path("return").asText(""))
                .filter(s -> !s.isEmpty());
    }

    /** Keeps an LLM answer (blank answers are not kept). */
    public void storeAnswer(QueryRequest request, Keywords keywords, String answer) {
        if (!enabled || answer == null || answer.isBlank()) {
            return;
        }
        put(answerKey(request, keywords), answer, "query", request);
    }

    private void put(String key, String content, String cacheType, QueryRequest request) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("return", content);
        entry.put("cache_type", cacheType);
        entry.putNull("chunk_id");
        entry.put("original_prompt", request.query());
        ObjectNode param = entry.putObject("queryparam");
        param.put("mode", request.mode().wire());
        param.put("response_type", request.responseType());
        param.put("top_k", request.topK());
        param.put("chunk_top_k", request.chunkTopK());
        param.put("max_entity_tokens", request.maxEntityTokens());
        param.put("max_relation_tokens", request.maxRelationTokens());
        param.put("max_total_tokens", request.maxTotalTokens());
        param.put("user_prompt", request.userPrompt() == null ? "" : request.userPrompt());
        param.put("enable_rerank", request.enableRerank());
        unwritten.put(key, entry);
    }

    /**
     * Commits the entries kept since the last call; each stays visible until its write is committed. Calls run side
     * by side (one per question): an entry another call is writing is left to it.
     */
    public void writeKept() {
        for (String key : unwritten.keySet()) {
            if (!beingWritten.add(key)) {
                continue;
            }
            try {
                ObjectNode entry = unwritten.get(key);
                if (entry != null) {
                    store.upsert(key, entry);
                    // an entry kept again meanwhile stays for the next call
                    unwritten.remove(key, entry);
                }
            } finally {
                beingWritten.remove(key);
            }
        }
    }

    private Optional<ObjectNode> entry(String key) {
        ObjectNode kept = unwritten.get(key);
        return kept != null ? Optional.of(kept) : store.get(key);
    }

    /** A JSON list of strings as Python's json.dumps writes it by default (ASCII only, {@code ", "}). */
    static String asciiJsonList(List<String> items) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append('"');
            for (char c : items.get(i).toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> {
                        if (c < 0x20 || c > 0x7e) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
        return out.append(']').toString();
    }
}
