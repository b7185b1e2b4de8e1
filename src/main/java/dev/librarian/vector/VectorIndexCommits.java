package dev.librarian.vector;

import java.util.List;

/**
 * The {@code vector-index-commit} route's bean (routes/store.camel.yaml): makes what the vector indexes published to
 * questions durable. Not the stores themselves: a route stops the services its beans are, and the stores must stay
 * open until every route has stopped.
 */
public final class VectorIndexCommits {

    private final List<SqlVectorStore> stores;

    public VectorIndexCommits(List<SqlVectorStore> stores) {
        this.stores = List.copyOf(stores);
    }

    public void commitPublished() {
        stores.forEach(SqlVectorStore::commitPublished);
    }
}
