package dev.librarian.api;

import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.LogLines;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up lines name the address the server really listens on, not 0.0.0.0, and the port it got: the test
 * harness starts the service with {@code PORT=0} (any free port).
 */
class ServerBannerTest {

    @TempDir
    Path tmp;

    @Test
    void should_print_the_real_bind_address() throws Exception {
        try (FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
             LogLines banner = LogLines.of(Class.forName("dev.librarian.config.ServerBanner"));
             LogLines server = LogLines.of(Class.forName("dev.librarian.config.GuardedHttpServer"));
             RunningLibrarian librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama,
                     Map.of())) {
            String base = librarian.url("");
            assertNotEquals(0, librarian.port());
            assertTrue(server.lines().contains("INFO Listening on " + base), server.lines()::toString);
            String first = banner.lines().get(0);
            assertTrue(first.contains("serves " + base + "/ "), first);
            assertTrue(banner.lines().stream().anyMatch(l -> l.contains(base + "/documents/text") && l.contains("(POST)")),
                    banner.lines()::toString);
            assertTrue(banner.lines().stream().noneMatch(l -> l.contains("0.0.0.0")), banner.lines()::toString);
        }
    }
}
