package dev.librarian.vector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
    private final Duration mergeQuiet;

    public VectorIndexCommits(List<SqlVectorStore> stores) {
        this(stores, MERGE_QUIET);
    }

    VectorIndexCommits(List<SqlVectorStore> stores, Duration mergeQuiet) {
        this.stores = List.copyOf(stores);
        this.mergeQuiet = mergeQuiet;
    }

    public void commitPublished() {
        stores.forEach(SqlVectorStore::commitPublished);
    }

    /**
     * The {@code vector-index-merge} route's turn: an index idle for {@link #MERGE_QUIET} merges its parts, one index
     * at a time: a merge keeps a core busy (a minute and more on a big library), and a service restarted after an
     * ingest must still answer questions on the other one.
     */
    public void mergeWhenIdle() {
        // the index already merging goes first: until its merge is over, no other starts
        List<SqlVectorStore> inTurn = new ArrayList<>(stores);
        inTurn.sort(Comparator.comparing(SqlVectorStore::mergingWhenIdle).reversed());
        for (SqlVectorStore store : inTurn) {
            store.mergeWhenIdle(mergeQuiet);
            if (store.mergingWhenIdle()) {
                return;
            }
        }
    }
}
