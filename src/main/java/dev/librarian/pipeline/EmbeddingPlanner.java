package dev.librarian.pipeline;

import dev.librarian.graph.EntityNode;
import dev.librarian.graph.RelationEdge;
import dev.librarian.library.LibraryStores;
import dev.librarian.merge.IndexUpdate;
import dev.librarian.model.Chunk;
import dev.librarian.vector.SqlVectorStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
        return remaining(update, MergeResults.NONE);
    }

    /** Batches for what changed, leaving out inputs already embedded (with the same content) in {@code done}. */
    public List<EmbeddingBatch> remaining(IndexUpdate update, MergeResults done) {
        Set<EmbeddingInput> embedded = new HashSet<>();
        done.embedded().forEach(b -> embedded.addAll(b.inputs()));
        List<EmbeddingInput> wanted = new ArrayList<>();
        for (Chunk c : update.chunks()) {
            wanted.add(new EmbeddingInput("chunks", c.id(), c.content()));
        }
        for (EntityNode n : update.putEntities()) {
            wanted.add(new EmbeddingInput("entities", VectorIds.entity(n.name()), VectorIds.entityContent(n)));
        }
        for (RelationEdge e : update.putRelations()) {
            wanted.add(new EmbeddingInput("relationships", VectorIds.relation(e.key()), VectorIds.relationContent(e)));
        }
        List<EmbeddingInput> inputs = changed(wanted);
        inputs.removeAll(embedded);
        List<EmbeddingBatch> batches = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i += batchSize) {
            batches.add(EmbeddingBatch.of(inputs.subList(i, Math.min(inputs.size(), i + batchSize))));
        }
        return batches;
    }

    /** The inputs whose stored record has other content, or none: read per store in a few statements. */
    private List<EmbeddingInput> changed(List<EmbeddingInput> wanted) {
        Map<String, Map<String, String>> stored = new HashMap<>();
        for (SqlVectorStore store : List.of(stores.chunksVdb(), stores.entitiesVdb(), stores.relationshipsVdb())) {
            List<String> ids = wanted.stream().filter(in -> in.store().equals(store.namespace()))
                    .map(EmbeddingInput::id).toList();
            stored.put(store.namespace(), ids.isEmpty() ? Map.of() : store.contents(ids));
        }
        List<EmbeddingInput> changed = new ArrayList<>();
        for (EmbeddingInput in : wanted) {
            if (!Objects.equals(stored.get(in.store()).get(in.id()), in.content())) {
                changed.add(in);
            }
        }
        return changed;
    }
}
