package dev.librarian.pipeline;

import dev.librarian.graph.EntityNode;
import dev.librarian.graph.RelationEdge;
import dev.librarian.library.LibraryStores;
import dev.librarian.merge.Flatten;
import dev.librarian.merge.IndexUpdate;
import dev.librarian.model.Chunk;
import dev.librarian.vector.VectorStore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
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

    public List<EmbeddingBatch> batches(IndexUpdate update) {
        return remaining(update, List.of());
    }

    /** Batches for what changed, leaving out inputs already embedded (with the same content) in {@code done}. */
    public List<EmbeddingBatch> remaining(IndexUpdate update, Object done) {
        Set<EmbeddingInput> embedded = new HashSet<>();
        for (Object o : Flatten.of(done)) {
            if (o instanceof EmbeddingBatch b) {
                embedded.addAll(b.inputs());
            }
        }
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
        inputs.removeAll(embedded);
        List<EmbeddingBatch> batches = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i += batchSize) {
            batches.add(EmbeddingBatch.of(inputs.subList(i, Math.min(inputs.size(), i + batchSize))));
        }
        return batches;
    }

    private static void addIfChanged(List<EmbeddingInput> inputs, VectorStore store, String name, String id,
                                     String content) {
        boolean same = store.get(id).map(r -> Objects.equals(r.meta().get("content"), content)).orElse(false);
        if (!same) {
            inputs.add(new EmbeddingInput(name, id, content));
        }
    }
}
