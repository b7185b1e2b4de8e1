package dev.librarian.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.graph.EntityNode;
import dev.librarian.graph.GraphTables;
import dev.librarian.graph.RelationEdge;
import dev.librarian.library.LibraryStores;
import dev.librarian.merge.ExtractionRows;
import dev.librarian.merge.GraphMerger;
import dev.librarian.merge.IndexUpdate;
import dev.librarian.model.Chunk;
import dev.librarian.model.StoredChunk;
import dev.librarian.model.ChunkExtraction;
import dev.librarian.model.RelationKey;
import dev.librarian.vector.SqlVectorStore;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a merged document to the stores as one transaction. Called from the single-consumer merge route, so
 * documents are written one at a time.
 */
public final class IndexWriter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final LibraryStores stores;
    private final GraphMerger merger;
    private final Clock clock;
    private final ExtractionRows extractionRows;

    public IndexWriter(LibraryStores stores, GraphMerger merger, Clock clock) {
        this.stores = stores;
        this.merger = merger;
        this.clock = clock;
        this.extractionRows = new ExtractionRows(stores.chunkExtractions());
    }

    /** Writes the update with the vectors of the embedded batches found in {@code fresh} and {@code earlier}. */
    public void write(IndexUpdate update, MergeResults fresh, MergeResults earlier) {
        Map<String, float[]> vectors = vectors(fresh, earlier);
        long now = clock.instant().getEpochSecond();
        stores.apply(() -> {
            writeIndex(update, vectors, now);
            writeDocumentLists(update);
            extractionRows.write(update.docId(), update.extractions());
        });
        merger.commit(update);
    }

    /**
     * Writes the update of a deleted document (no chunks: its old ones leave the chunk stores): the nodes and edges
     * it alone had are gone, the shared ones rewritten; its document lists and the LLM answers in
     * {@code cacheKeys} are removed with them, and {@code afterIndex} (the document's own records) runs last, all
     * in one transaction.
     */
    public void writeDeletion(IndexUpdate update, MergeResults fresh, Collection<String> cacheKeys,
                              Runnable afterIndex) {
        Map<String, float[]> vectors = vectors(fresh, MergeResults.NONE);
        long now = clock.instant().getEpochSecond();
        stores.apply(() -> {
            writeIndex(update, vectors, now);
            stores.fullEntities().delete(update.docId());
            stores.fullRelations().delete(update.docId());
            extractionRows.delete(update.docId());
            cacheKeys.forEach(stores.llmCache()::delete);
            afterIndex.run();
        });
        merger.commit(update);
    }

    private static Map<String, float[]> vectors(MergeResults fresh, MergeResults earlier) {
        Map<String, float[]> vectors = new HashMap<>();
        for (EmbeddingBatch batch : fresh.with(earlier).embedded()) {
            for (int i = 0; i < batch.inputs().size(); i++) {
                EmbeddingInput in = batch.inputs().get(i);
                vectors.put(in.store() + "/" + in.id(), batch.vectors().get(i));
            }
        }
        return vectors;
    }

    private void writeIndex(IndexUpdate update, Map<String, float[]> vectors, long now) {
        writeGraph(update);
        writeChunks(update, vectors, now);
        writeEntities(update, vectors, now);
        writeRelations(update, vectors, now);
    }

    private void writeGraph(IndexUpdate update) {
        GraphTables graph = stores.graphTables();
        update.removedRelations().forEach(graph::removeRelation);
        update.removedEntities().forEach(graph::removeEntity);
        update.putEntities().forEach(graph::putEntity);
        update.putRelations().forEach(graph::putRelation);
    }

    private void writeChunks(IndexUpdate update, Map<String, float[]> vectors, long now) {
        removeChunksNoLongerThere(update);
        Map<String, List<String>> cacheKeys = new HashMap<>();
        for (ChunkExtraction e : update.extractions()) {
            cacheKeys.put(e.chunk().id(), e.cacheKeys());
        }
        for (Chunk c : update.chunks()) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("content", c.content());
            meta.put("full_doc_id", c.docId());
            meta.put("file_path", c.filePath());
            upsert(stores.chunksVdb(), "chunks", c.id(), meta, vectors, now);
            // the whole record: a replaced version's record of the same id stayed until now
            stores.chunks().put(new StoredChunk(c, cacheKeys.getOrDefault(c.id(), List.of())));
        }
    }

    /** A document indexed again with new content may have fewer chunks: the old ones leave both chunk stores. */
    private void removeChunksNoLongerThere(IndexUpdate update) {
        Set<String> current = new HashSet<>();
        update.chunks().forEach(c -> current.add(c.id()));
        for (String id : stores.chunks().idsOf(update.docId())) {
            if (!current.contains(id)) {
                stores.chunksVdb().delete(id);
                stores.chunks().delete(id);
            }
        }
    }

    private void writeEntities(IndexUpdate update, Map<String, float[]> vectors, long now) {
        for (String name : update.removedEntities()) {
            stores.entitiesVdb().delete(VectorIds.entity(name));
            stores.entityChunks().delete(name);
        }
        for (EntityNode n : update.putEntities()) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("entity_name", n.name());
            meta.put("content", VectorIds.entityContent(n));
            meta.put("source_id", n.sourceId());
            meta.put("file_path", n.filePath());
            upsert(stores.entitiesVdb(), "entities", VectorIds.entity(n.name()), meta, vectors, now);
            stores.entityChunks().upsert(n.name(), chunkList(update.entityChunks().get(n.name())));
        }
    }

    private void writeRelations(IndexUpdate update, Map<String, float[]> vectors, long now) {
        for (RelationKey key : update.removedRelations()) {
            stores.relationshipsVdb().delete(VectorIds.relation(key));
            stores.relationshipsVdb().delete(VectorIds.reversedRelation(key));
            stores.relationChunks().delete(key.joined());
        }
        for (RelationEdge e : update.putRelations()) {
            RelationKey key = e.key();
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("src_id", key.first());
            meta.put("tgt_id", key.second());
            meta.put("source_id", e.sourceId());
            meta.put("content", VectorIds.relationContent(e));
            meta.put("file_path", e.filePath());
            stores.relationshipsVdb().delete(VectorIds.reversedRelation(key));
            upsert(stores.relationshipsVdb(), "relationships", VectorIds.relation(key), meta, vectors, now);
            stores.relationChunks().upsert(key.joined(), chunkList(update.relationChunks().get(key)));
        }
    }

    private void writeDocumentLists(IndexUpdate update) {
        ObjectNode entities = JSON.objectNode();
        ArrayNode names = entities.putArray("entity_names");
        update.docEntities().forEach(names::add);
        entities.put("count", update.docEntities().size());
        stores.fullEntities().upsert(update.docId(), entities);

        ObjectNode relations = JSON.objectNode();
        ArrayNode pairs = relations.putArray("relation_pairs");
        update.docRelations().forEach(k -> pairs.addArray().add(k.first()).add(k.second()));
        relations.put("count", update.docRelations().size());
        stores.fullRelations().upsert(update.docId(), relations);
    }

    /**
     * Upserts with the fresh vector; when the content did not change (no fresh vector), only the meta fields are
     * rewritten and the vector index is left alone.
     */
    private static void upsert(SqlVectorStore store, String storeName, String id, Map<String, Object> meta,
                               Map<String, float[]> vectors, long now) {
        float[] vector = vectors.get(storeName + "/" + id);
        if (vector != null) {
            store.upsert(id, meta, vector, now);
        } else if (!store.updateMeta(id, meta)) {
            throw new IllegalStateException("no embedding was computed for " + storeName + " record " + id);
        }
    }

    private static ObjectNode chunkList(List<String> chunkIds) {
        ObjectNode rec = JSON.objectNode();
        ArrayNode ids = rec.putArray("chunk_ids");
        chunkIds.forEach(ids::add);
        rec.put("count", chunkIds.size());
        return rec;
    }
}
