package dev.librarian.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.intake.DocumentIds;
import dev.librarian.metrics.LibrarianMetrics;
import dev.librarian.store.KvStore;
import dev.librarian.store.LightRagJson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * LLM answers kept in {@code kv_store_llm_response_cache.json} under LightRAG's key scheme
 * ({@code default:<cacheType>:md5(user \n system [\n history] \n<response_format>\n \n<llm_identity>\n identity)}),
 * so re-processing a document already extracted makes no new calls.
 */
public final class LlmResponseCache {

    private final KvStore store;
    private final String identityJson;
    private final AtomicLong hits = new AtomicLong();
    private final LibrarianMetrics metrics;

    public LlmResponseCache(KvStore store, String host, String model) {
        this(store, host, model, LibrarianMetrics.unpublished());
    }

    public LlmResponseCache(KvStore store, String host, String model, LibrarianMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
        TreeMap<String, String> identity = new TreeMap<>();
        identity.put("binding", "ollama");
        identity.put("host", host);
        identity.put("model", model);
        identity.put("role", "extract");
        try {
            // Python's json.dumps(sort_keys=True, separators=(",", ":")): a plain compact Jackson write
            this.identityJson = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(identity);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cached answer for this request, or null when the LLM has to be asked. */
    public LlmAnswer lookup(ChatRequest request) {
        String key = key(request);
        Optional<ObjectNode> entry = store.get(key);
        metrics.llmCacheLookup(request.kind(), entry.isPresent());
        if (entry.isEmpty()) {
            return null;
        }
        hits.incrementAndGet();
        return new LlmAnswer(entry.get().path("return").asText(), key, true);
    }

    /** Keeps a fresh answer (committed to the store at once) and returns it with its cache key. */
    public LlmAnswer store(ChatRequest request, String content) {
        String key = key(request);
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("return", content);
        entry.put("cache_type", request.cacheType());
        if (request.chunkId() == null) {
            entry.putNull("chunk_id");
        } else {
            entry.put("chunk_id", request.chunkId());
        }
        entry.put("original_prompt", originalPrompt(request));
        entry.putNull("queryparam");
        store.upsert(key, entry);
        return new LlmAnswer(content, key, false);
    }

    public Optional<String> answerFor(String key) {
        return store.get(key).map(e -> e.path("return").asText());
    }

    public long hits() {
        return hits.get();
    }

    /** The key under which the answer to {@code request} is (or would be) kept. */
    public String key(ChatRequest request) {
        String hashed = originalPrompt(request) + "\n<response_format>\n" + "\n<llm_identity>\n" + identityJson;
        return "default:" + request.cacheType() + ":" + DocumentIds.md5Hex(hashed);
    }

    /** LightRAG hashes user prompt, system prompt and the JSON of the history, joined by newlines. */
    private static String originalPrompt(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        String system = null;
        List<ChatMessage> history = new ArrayList<>();
        for (int i = 0; i < messages.size() - 1; i++) {
            ChatMessage m = messages.get(i);
            if ("system".equals(m.role()) && i == 0) {
                system = m.content();
            } else {
                history.add(m);
            }
        }
        List<String> parts = new ArrayList<>();
        parts.add(messages.get(messages.size() - 1).content());
        if (system != null && !system.isEmpty()) {
            parts.add(system);
        }
        if (!history.isEmpty()) {
            ArrayNode array = LightRagJson.mapper().createArrayNode();
            history.forEach(m -> array.addObject().put("role", m.role()).put("content", m.content()));
            parts.add(new String(LightRagJson.compact(array), StandardCharsets.UTF_8));
        }
        return String.join("\n", parts);
    }
}
