package dev.librarian.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A chunk as the store keeps it in {@code text_chunks} (LightRAG's {@code kv_store_text_chunks.json}): the chunk and
 * the keys of the cached LLM answers its extraction came from.
 *
 * @param chunk        the chunk; a record without text (LightRAG's files may hold one) has empty content
 * @param llmCacheList {@code llm_cache_list}: the extraction answer first, then the gleaning answers
 */
public record StoredChunk(Chunk chunk, List<String> llmCacheList) {

    public StoredChunk {
        llmCacheList = List.copyOf(llmCacheList);
    }

    /** The record stored under {@code id}; a missing file name reads as {@link Separators#UNKNOWN_SOURCE}. */
    public static StoredChunk fromJson(String id, JsonNode record) {
        List<String> keys = new ArrayList<>();
        record.path("llm_cache_list").forEach(k -> keys.add(k.asText()));
        Chunk chunk = new Chunk(id, record.path("full_doc_id").asText(), record.path("chunk_order_index").asInt(),
                record.path("tokens").asInt(), record.path("content").asText(""),
                record.path("file_path").asText(Separators.UNKNOWN_SOURCE));
        return new StoredChunk(chunk, keys);
    }

    /** LightRAG's fields, in its order (the store adds the create and update times). */
    public ObjectNode toJson() {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("tokens", chunk.tokens());
        record.put("content", chunk.content());
        record.put("chunk_order_index", chunk.index());
        record.put("full_doc_id", chunk.docId());
        record.put("file_path", chunk.filePath());
        ArrayNode list = record.putArray("llm_cache_list");
        llmCacheList.forEach(list::add);
        return record;
    }

    public String id() {
        return chunk.id();
    }

    public String docId() {
        return chunk.docId();
    }

    public boolean hasText() {
        return !chunk.content().isEmpty();
    }
}
