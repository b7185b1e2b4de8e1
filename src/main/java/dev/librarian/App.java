package dev.librarian;

import dev.librarian.config.StartupException;
import dev.librarian.store.db.StoreException;
import org.apache.camel.main.Main;

/**
 * Starts Librarian: the inbox watcher, the HTTP API and the ingestion pipeline, all declared as Camel routes in
 * {@code routes/}. Beans come from {@link dev.librarian.config.LibrarianConfiguration}; settings from
 * {@code application.properties} and the environment.
 */
public final class App {

    private App() {
    }

    public static void main(String[] args) throws Exception {
        try {
            // runs until the JVM is terminated (Ctrl-C / SIGTERM trigger a graceful shutdown)
            new Main(App.class).run(args);
        } catch (Exception e) {
            String reason = reason(e);
            if (reason == null) {
                throw e;
            }
            System.err.println("Librarian cannot start: " + reason);
            System.exit(2);
        }
    }

    /** The one-line reason of a start-up failure Librarian explains itself, or null for any other failure. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StartupException || t instanceof StoreException) {
                return t.getMessage();
            }
        }
        return null;
    }
}
