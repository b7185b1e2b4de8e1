package dev.librarian.vector;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One of LightRAG's vector namespaces ({@code vdb_<namespace>.json}): records with an id, a creation time, a few meta
 * fields and an embedding, searched by cosine similarity.
 */
public interface VectorStore {

    /** LightRAG's namespace: {@code entities}, {@code relationships} or {@code chunks}. */
    String namespace();

    default String fileName() {
        return "vdb_" + namespace() + ".json";
    }

    /** Inserts or replaces {@code id}; only the store's meta fields of {@code meta} are kept. */
    void upsert(String id, Map<String, ?> meta, float[] embedding, long createdAt);

    boolean delete(String id);

    /** The record with its stored (float16-precision, non-normalised) embedding. */
    Optional<VectorRecord> get(String id);

    /** The {@code topK} records most cosine-similar to {@code query}, best first, none scoring below threshold. */
    List<VectorHit> query(float[] query, int topK, double threshold);

    int size();

    int dimension();

    /** The meta fields upserts keep, in LightRAG's order. */
    List<String> metaFields();
}
