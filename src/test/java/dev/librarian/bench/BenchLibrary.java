package dev.librarian.bench;

import dev.librarian.intake.DocumentIds;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** A benchmark's library: a working directory ({@code cache/}, {@code inbox/}) holding books, processed. */
final class BenchLibrary {

    private BenchLibrary() {
    }

    /**
     * Makes sure {@code work} holds the books, processed: starts the service there and drops into its inbox the
     * books it has not processed yet, then waits for them. Returns a line saying what was done.
     */
    static String prepare(Path work, List<Path> books, FakeOllama ollama) throws Exception {
        Path inbox = work.resolve("inbox");
        Files.createDirectories(inbox);
        try (RunningLibrarian librarian = RunningLibrarian.start(work.resolve("cache"), inbox, ollama,
                Map.of("MAX_ASYNC_LLM", "4", "LLM_TIMEOUT", "60"))) {
            long start = System.nanoTime();
            List<String> ids = new ArrayList<>();
            for (Path book : books) {
                String id = "doc-" + DocumentIds.md5Hex(book.getFileName().toString());
                if (librarian.statusOf(id).orElse(null) != DocStatus.PROCESSED) {
                    Files.copy(book, inbox.resolve(book.getFileName()), StandardCopyOption.COPY_ATTRIBUTES,
                            StandardCopyOption.REPLACE_EXISTING);
                    ids.add(id);
                }
            }
            for (String id : ids) {
                DocStatus s = librarian.awaitFinished(id, Duration.ofHours(2));
                if (s != DocStatus.PROCESSED) {
                    throw new IllegalStateException(id + " " + s + ": " + librarian.status().record(id));
                }
            }
            return ids.isEmpty()
                    ? String.format(Locale.ROOT, "library: %d books, reused from %s", books.size(), work)
                    : String.format(Locale.ROOT, "library: %d books in %s, %d ingested in %.1f s",
                    books.size(), work, ids.size(), (System.nanoTime() - start) / 1e9);
        }
    }

    /** Copies the folder {@code from} with everything in it to {@code to}. */
    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Deletes the folder {@code root} with everything in it. */
    static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
