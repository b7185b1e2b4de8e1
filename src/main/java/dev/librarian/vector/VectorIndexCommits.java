package dev.librarian.vector;

import java.time.Duration;
import java.util.List;

/**
 * The bean of the {@code vector-index-commit} and {@code vector-index-merge} routes (routes/store.camel.yaml): makes
 * what the vector indexes published to questions durable, and merges the parts of idle indexes. Not the stores
 * themselves: a route stops the services its beans are, and the stores must stay open until every route has stopped.
 */
public final class VectorIndexCommits {

    /** How long an index must have gone without a change before its parts are merged. */
    static final Duration MERGE_QUIET = Duration.ofSeconds(10);

    private final List<SqlVectorStore> stores;

    public VectorIndexCommits(List<SqlVectorStore> stores) {
        this.stores = List.copyOf(stores);
    }

    public void commitPublished() {
        stores.forEach(SqlVectorStore::commitPublished);
    }

    /** The {@code vector-index-merge} route's turn: each index idle for {@link #MERGE_QUIET} merges its parts. */
    public void mergeWhenIdle() {
        stores.forEach(s -> s.mergeWhenIdle(MERGE_QUIET));
    }
}
