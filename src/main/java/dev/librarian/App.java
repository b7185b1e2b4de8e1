package dev.librarian;

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
        // runs until the JVM is terminated (Ctrl-C / SIGTERM trigger a graceful shutdown)
        new Main(App.class).run(args);
    }
}
