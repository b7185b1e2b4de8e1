package dev.librarian.vector;

import java.io.IOException;
import java.util.List;

/**
 * A nearest-neighbour index derived from the store's vectors: changes are staged, then made durable and visible
 * together by {@link #commit}, which records the store generation they bring the index up to.
 */
public interface VectorIndex extends java.io.Closeable {

    /** Staged; replaces any earlier vector of {@code id}. */
    void upsert(String id, float[] vector);

    /** Staged; an unknown id is a no-op. */
    void delete(String id);

    /** Staged changes become durable and visible to queries, with {@code generation} recorded with them. */
    void commit(long generation) throws IOException;

    /** The generation of the last commit (0 for a new or empty index). */
    long generation();

    /** Cosine similarity, best first, only scores of at least {@code threshold}. */
    List<ScoredId> query(float[] query, int topK, double threshold);

    /** Live vectors after the last commit. */
    int size();

    /** Drops everything (for a rebuild), durable at the next commit. */
    void clear() throws IOException;
}
