package dev.librarian.pipeline;

import dev.librarian.graph.EntityNode;
import dev.librarian.graph.RelationEdge;
import dev.librarian.library.LibraryStores;
import dev.librarian.model.Chunk;
import dev.librarian.vector.NanoVectorStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides which texts of a merged document need new vectors (new or changed content only) and packs them into
 * batches of {@code EMBEDDING_BATCH_NUM}, chunks, entities and relations together, so requests stay few.
 */
public final class EmbeddingPlanner {

    private final LibraryStores stores;
    private final int batchSize;

    public EmbeddingPlanner(LibraryStores stores, int batchSize) {
        this.stores = stores;
        this.batchSize = batchSize;
    }

    public List<EmbeddingBatch> batches(dev.librarian.merge.IndexUpdate update) {
        List<EmbeddingInput> inputs = new ArrayList<>();
        for (Chunk c : update.chunks()) {
            addIfChanged(inputs, stores.chunksVdb(), "chunks", c.id(), c.content());
        }
        for (EntityNode n : update.putEntities()) {
            addIfChanged(inputs, stores.entitiesVdb(), "entities", VectorIds.entity(n.name()), VectorIds.entityContent(n));
        }
        for (RelationEdge e : update.putRelations()) {
            addIfChanged(inputs, stores.relationshipsVdb(), "relationships", VectorIds.relation(e.key()),
                    VectorIds.relationContent(e));
        }
        List<EmbeddingBatch> batches = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i += batchSize) {
            batches.add(EmbeddingBatch.of(inputs.subList(i, Math.min(inputs.size(), i + batchSize))));
        }
        return batches;
    }

    private static void addIfChanged(List<EmbeddingInput> inputs, NanoVectorStore store, String name, String id,
                                     String content) {
        boolean same = store.get(id).map(r -> Objects.equals(r.meta().get("content"), content)).orElse(false);
        if (!same) {
            inputs.add(new EmbeddingInput(name, id, content));
        }
    }
}
