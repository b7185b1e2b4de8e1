package dev.librarian.query;

import org.apache.camel.CamelContext;

/**
 * The {@code query-warm-up-library} route's bean: the whole library's token counts, given up when the service
 * stops (Camel's stop waits for the running timer exchange).
 */
public final class LibraryWarmUp {

    private final Retriever retriever;

    public LibraryWarmUp(Retriever retriever) {
        this.retriever = retriever;
    }

    /** How many chunks, entities and relations were counted. */
    public int run(CamelContext camel) {
        return retriever.warmUp(() -> camel.isStopping() || camel.isStopped());
    }
}
