package dev.librarian;

import dev.librarian.config.GuardedHttpServerFactory;
import dev.librarian.config.RouteSources;
import dev.librarian.config.StartupException;
import dev.librarian.store.db.StoreException;
import org.apache.camel.main.Main;
import org.apache.camel.util.ObjectHelper;

/**
 * Starts Librarian: the inbox watcher, the HTTP API and the ingestion pipeline, all declared as Camel routes in
 * {@code routes/} (packed into the jar; see {@link RouteSources}). Beans come from {@link dev.librarian.config.LibrarianConfiguration}; settings from
 * {@code application.properties} and the environment.
 */
public final class App {

    private App() {
    }

    public static void main(String[] args) throws Exception {
        try {
            // runs until the JVM is terminated (Ctrl-C / SIGTERM trigger a graceful shutdown)
            newMain().run(args);
        } catch (Exception e) {
            String reason = reason(e);
            if (reason == null) {
                throw e;
            }
            System.err.println("Librarian cannot start: " + reason);
            System.exit(2);
        }
    }

    /**
     * Librarian's Camel main: beans from {@code LibrarianConfiguration}, routes from the jar and the user's
     * {@code ROUTES_DIR} ({@link RouteSources}).
     */
    public static Main newMain() {
        Main main = new Main(App.class);
        main.configure().withRoutesIncludePattern(RouteSources.includePattern(RouteSources.userDir()));
        // Main creates its HTTP server (camel.server.*) before LibrarianConfiguration runs: the factory goes in now
        main.bind("httpServerFactory", new GuardedHttpServerFactory());
        return main;
    }

    /** The one-line reason of a start-up failure Librarian explains itself, or null for any other failure. */
    private static String reason(Throwable e) {
        Throwable explained = ObjectHelper.getException(StartupException.class, e);
        if (explained == null) {
            explained = ObjectHelper.getException(StoreException.class, e);
        }
        return explained == null ? null : explained.getMessage();
    }
}
