package dev.librarian.vector;

import java.io.Closeable;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A nearest-neighbour index of vectors by id, derived from the system of record (it can always be rebuilt from it).
 * Changes are staged and become durable and visible to queries together at {@link #commit(long)}, or visible only at
 * {@link #publish()}; the generation recorded by the last commit tells, after a restart, how far the index had caught
 * up with the system of record.
 */
public interface VectorIndex extends Closeable {

    /** Stages {@code vector} for {@code id}, replacing any earlier vector of id. */
    void upsert(String id, float[] vector);

    /** Stages the removal of {@code id}; an unknown id is a no-op. */
    void delete(String id);

    /** Makes the staged changes durable and visible to queries, recording {@code generation} with them. */
    void commit(long generation) throws IOException;

    /**
     * Makes the staged changes visible to queries without making them durable: a crash loses them (the index then
     * catches up from the system of record), the next {@link #commit} keeps them.
     */
    void publish() throws IOException;

    /** The generation of the last commit; 0 for a new or empty index. */
    long generation();

    /** The {@code topK} ids most cosine-similar to {@code query}, best first, only those scoring >= threshold. */
    List<ScoredId> query(float[] query, int topK, double threshold);

    /**
     * The cosine similarity to {@code query} of each of {@code ids} that has a vector as of the last commit; ids
     * without one are left out.
     */
    Map<String, Float> similarities(float[] query, Collection<String> ids);

    /** Live vectors as of the last commit. */
    int size();

    /** Stages the removal of everything (for a rebuild); durable at the next commit. */
    void clear() throws IOException;

    /** Merges the index into as few parts as it can (after a rebuild: searches then visit one graph). */
    void compact() throws IOException;

    /** The parts (segments) queries see now: a graph search visits each one. */
    int segments();

    /**
     * Whether merging the parts into one pays for rebuilding the graph: many parts, or a tenth of the vectors outside
     * the largest part. A few vectors beside a big graph (the notes added since the last merge) are searched at little
     * cost, and rebuilding the big graph for them would keep a core busy for as long as the whole index takes to
     * build. (Parts with many deleted vectors are rewritten by the index's own merges.)
     */
    boolean worthMerging();

    /**
     * Starts merging the index into one part in the background; changes, publishes and commits go on meanwhile.
     * The merged part reaches queries at the next {@link #publish()} after {@link #merging()} turns false.
     */
    void startMergingSegments() throws IOException;

    /** Whether a merge of parts is running or waiting to run. */
    boolean merging();
}
