package dev.librarian.bench;

import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.ForkedLibrarian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How the benchmark starts the service: a JVM of its own ({@link ForkedLibrarian}) with the given JVM options and
 * settings, working in {@code work/cache}, its console appended to {@code work/service.log}; the same each time,
 * so a restart finds the same library.
 */
final class BenchService {

    private final Path work;
    private final FakeOllama ollama;
    private final Map<String, String> env;
    private final List<String> jvmOptions;

    BenchService(Path work, FakeOllama ollama, Map<String, String> env, List<String> jvmOptions) {
        this.work = work;
        this.ollama = ollama;
        this.env = Map.copyOf(env);
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** Launches the service; returns at once (see {@link ForkedLibrarian#awaitListening}). */
    ForkedLibrarian start() throws IOException {
        Files.createDirectories(inbox());
        return ForkedLibrarian.start(workingDir(), inbox(), ollama, env, jvmOptions, log());
    }

    Path workingDir() {
        return work.resolve("cache");
    }

    Path inbox() {
        return work.resolve("inbox");
    }

    Path log() {
        return work.resolve("service.log");
    }

    List<String> jvmOptions() {
        return jvmOptions;
    }
}
