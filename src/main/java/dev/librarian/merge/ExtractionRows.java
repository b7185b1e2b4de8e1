package dev.librarian.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.model.Chunk;
import dev.librarian.model.ChunkExtraction;
import dev.librarian.model.EntityRecord;
import dev.librarian.model.RelationRecord;
import dev.librarian.store.KvStore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the LLM extracted from each chunk of the indexed documents, parsed, one store row per chunk (keyed by chunk
 * id), written in the transaction that merges or deletes the document. The graph contributions are rebuilt from
 * these rows at start-up without parsing LLM answers again. Not one of LightRAG's namespaces: never mirrored.
 */
public final class ExtractionRows {

    public static final String NAMESPACE = "chunk_extractions";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final KvStore rows;

    public ExtractionRows(KvStore rows) {
        this.rows = rows;
    }

    /** Replaces the document's rows by those of {@code extractions} (call inside the merge's transaction). */
    public void write(String docId, List<ChunkExtraction> extractions) {
        Set<String> current = new HashSet<>();
        for (ChunkExtraction extraction : extractions) {
            current.add(extraction.chunk().id());
            rows.upsert(extraction.chunk().id(), row(extraction));
        }
        for (String key : rows.keysWithPrefix(prefix(docId))) {
            if (!current.contains(key)) {
                rows.delete(key);
            }
        }
    }

    /** Removes the document's rows (call inside the deletion's transaction). */
    public void delete(String docId) {
        rows.keysWithPrefix(prefix(docId)).forEach(rows::delete);
    }

    /**
     * Every stored extraction, by document, chunks in stored order. A restored chunk carries no text: the index only
     * needs where a record came from.
     */
    public Map<String, List<ChunkExtraction>> readAll() {
        Map<String, List<ChunkExtraction>> byDoc = new LinkedHashMap<>();
        rows.forEach((chunkId, row) -> byDoc.computeIfAbsent(row.path("full_doc_id").asText(), d -> new ArrayList<>())
                .add(extraction(chunkId, row)));
        return byDoc;
    }

    private static String prefix(String docId) {
        return docId + "-chunk-";
    }

    private static ObjectNode row(ChunkExtraction extraction) {
        Chunk chunk = extraction.chunk();
        ObjectNode row = JSON.objectNode();
        row.put("full_doc_id", chunk.docId());
        row.put("chunk_order_index", chunk.index());
        row.put("tokens", chunk.tokens());
        row.put("file_path", chunk.filePath());
        ArrayNode entities = row.putArray("entities");
        for (EntityRecord e : extraction.entities()) {
            entities.addArray().add(e.name()).add(e.type()).add(e.description());
        }
        ArrayNode relations = row.putArray("relations");
        for (RelationRecord r : extraction.relations()) {
            relations.addArray().add(r.source()).add(r.target()).add(r.keywords()).add(r.description())
                    .add(r.weight());
        }
        ArrayNode keys = row.putArray("llm_cache_list");
        extraction.cacheKeys().forEach(keys::add);
        return row;
    }

    private static ChunkExtraction extraction(String chunkId, ObjectNode row) {
        String filePath = row.path("file_path").asText();
        Chunk chunk = new Chunk(chunkId, row.path("full_doc_id").asText(), row.path("chunk_order_index").asInt(),
                row.path("tokens").asInt(), "", filePath);
        List<EntityRecord> entities = new ArrayList<>();
        for (JsonNode e : row.path("entities")) {
            entities.add(new EntityRecord(e.get(0).asText(), e.get(1).asText(), e.get(2).asText(), chunkId, filePath));
        }
        List<RelationRecord> relations = new ArrayList<>();
        for (JsonNode r : row.path("relations")) {
            relations.add(new RelationRecord(r.get(0).asText(), r.get(1).asText(), r.get(2).asText(),
                    r.get(3).asText(), r.get(4).asDouble(), chunkId, filePath));
        }
        List<String> keys = new ArrayList<>();
        row.path("llm_cache_list").forEach(k -> keys.add(k.asText()));
        return new ChunkExtraction(chunk, entities, relations, keys);
    }
}
