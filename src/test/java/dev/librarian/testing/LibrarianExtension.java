package dev.librarian.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The fixture most service tests share, as a JUnit 5 extension: before each test a {@link FakeOllama} and a
 * {@link RunningLibrarian} pointed at it, working in {@code cache/} and watching {@code inbox/} of a fresh temp folder;
 * after the test both are stopped and the folder is removed.
 *
 * <pre>{@code
 * @RegisterExtension
 * final LibrarianExtension service = LibrarianExtension.withEmbeddingDim(16).settings(Map.of("CHUNK_SIZE", "200"));
 * }</pre>
 */
public final class LibrarianExtension implements BeforeEachCallback, AfterEachCallback {

    private final FakeOllama.Config config;
    private final Map<String, String> settings = new HashMap<>();
    private Path dir;
    private FakeOllama ollama;
    private RunningLibrarian librarian;

    private LibrarianExtension(FakeOllama.Config config) {
        this.config = config;
    }

    public static LibrarianExtension withEmbeddingDim(int dim) {
        return new LibrarianExtension(FakeOllama.Config.DEFAULT.withEmbeddingDim(dim));
    }

    /** Settings on top of {@link RunningLibrarian}'s test defaults. */
    public LibrarianExtension settings(Map<String, String> more) {
        settings.putAll(more);
        return this;
    }

    public FakeOllama ollama() {
        return ollama;
    }

    public RunningLibrarian librarian() {
        return librarian;
    }

    /** The service's working directory. */
    public Path cache() {
        return dir.resolve("cache");
    }

    /** The folder the service watches. */
    public Path inbox() {
        return dir.resolve("inbox");
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("librarian-test-");
        ollama = FakeOllama.start(config);
        try {
            librarian = RunningLibrarian.start(cache(), inbox(), ollama, settings);
        } catch (Exception | Error e) {
            ollama.close();
            throw e;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (librarian != null) {
                librarian.close();
            }
        } finally {
            librarian = null;
            if (ollama != null) {
                ollama.close();
                ollama = null;
            }
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
