package dev.librarian.query;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A question's work run on another thread, waited for with its own failure (not wrapped). */
final class SideBySide {

    private SideBySide() {
    }

    static <T> T join(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
