package dev.librarian.app;

import dev.librarian.library.LibraryStores;
import dev.librarian.mirror.LightRagMirror;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timer routes that call the store's and the mirror's services (vector-index-commit, vector-index-merge,
 * store-checkpoint, lightrag-mirror) do not own them: stopping such a route (as a shutdown does first, while documents may still be finishing) leaves the store
 * open and the mirror's last export for the service's own stop.
 */
class TimerRoutesTest {

    @TempDir
    Path tmp;
    private FakeOllama ollama;
    private RunningLibrarian librarian;

    @BeforeEach
    void start() throws Exception {
        ollama = FakeOllama.start();
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama, Map.of());
    }

    @AfterEach
    void stop() {
        librarian.close();
        ollama.close();
    }

    @Test
    void stopping_a_timer_route_leaves_the_store_and_the_mirror_running() throws Exception {
        var camel = librarian.context();
        LibraryStores stores = camel.getRegistry().lookupByNameAndType("stores", LibraryStores.class);
        LightRagMirror mirror = camel.getRegistry().lookupByNameAndType("lightRagMirror", LightRagMirror.class);

        camel.getRouteController().stopRoute("vector-index-commit");
        camel.getRouteController().stopRoute("vector-index-merge");
        camel.getRouteController().stopRoute("store-checkpoint");
        camel.getRouteController().stopRoute("lightrag-mirror");

        assertTrue(ServiceHelper.isStarted(stores), "the store stays open for the routes still running");
        assertTrue(ServiceHelper.isStarted(mirror), "the mirror's final export waits for the service's stop");
        var answer = librarian.post("/documents/text",
                "{\"text\": \"A note written after the timer routes stopped.\", \"file_source\": \"after.txt\"}");
        assertEquals(200, answer.statusCode(), "documents are still accepted: " + answer.body());
    }
}
