package dev.librarian.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.chunk.TokenChunker;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a library benchmark run is made of, from its options: the documents (cut from the books), their chunk count
 * under the run's chunk size, the questions and the texts of the concurrent accepts, and the service's settings.
 */
record LibraryPlan(Path dir, long seed, List<LibrarySlices.Document> documents, long chunks, int chunkSize,
                   int chunkOverlap, int dim, int embedLatencyMs, int maxParallelInsert, List<String> modes,
                   List<String> warmUpQuestions, List<String> measuredQuestions, List<String> warmUpAcceptTexts,
                   List<String> acceptTexts) {

    static final int MIN_DOCUMENTS = 300;
    static final long MIN_CHUNKS = 20_000;
    /** Tells this run's concurrent notes from an earlier run's on the same library ({@code --skip-ingest}). */
    static final long RUN = System.currentTimeMillis();

    static LibraryPlan from(BenchOptions opts) throws IOException {
        if (!opts.has("dir")) {
            throw new IllegalArgumentException("--dir is required: a folder of plain-text books to cut the library from"
                    + " (at least " + MIN_DOCUMENTS + " documents and " + MIN_CHUNKS + " chunks for the acceptance"
                    + " figures)");
        }
        Path dir = Path.of(opts.text("dir", ""));
        long seed = opts.integer("seed", 42);
        List<LibrarySlices.Document> documents = LibrarySlices.cut(dir, opts.integer("documents", 330),
                opts.integer("min-kb", 4) * 1024, opts.integer("max-kb", 80) * 1024, seed);
        int chunkSize = opts.integer("chunk-size", 200);
        int chunkOverlap = opts.integer("chunk-overlap", 20);
        TokenChunker chunker = new TokenChunker(chunkSize, chunkOverlap);
        long chunks = 0;
        StringBuilder all = new StringBuilder();
        for (LibrarySlices.Document d : documents) {
            chunks += chunker.chunk("doc", d.text(), d.name()).size();
            all.append(d.text()).append('\n');
        }
        int warmUp = opts.integer("warm-up", 20);
        List<String> questions = BenchQuestions.generate(all.toString(), warmUp + opts.integer("queries", 50),
                seed);
        return new LibraryPlan(dir, seed, documents, chunks, chunkSize, chunkOverlap, opts.integer("dim", 1024),
                opts.integer("embed-latency-ms", 5), opts.integer("max-parallel-insert", 3),
                List.of(opts.text("modes", "naive,local,global,hybrid,mix").split(",")),
                questions.subList(0, warmUp), questions.subList(warmUp, questions.size()),
                acceptTexts(documents, opts.integer("accept-warm-ups", 600), "Warm-up note", 350),
                acceptTexts(documents, opts.integer("accepts", 200), "Concurrent note", 0));
    }

    /** Distinct small texts: a numbered note with a 500-character excerpt of the documents, from {@code shift} on. */
    private static List<String> acceptTexts(List<LibrarySlices.Document> documents, int count, String title,
                                            int shift) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = documents.get(i % documents.size()).text();
            int from = (shift + i / documents.size() * 700) % Math.max(1, text.length() - 500);
            texts.add(title + " " + i + " of run " + RUN + ". " + text.substring(from, Math.min(text.length(), from + 500)));
        }
        return texts;
    }

    long bytes() {
        return documents.stream().mapToLong(LibrarySlices.Document::bytes).sum();
    }

    boolean bigEnough() {
        return documents.size() >= MIN_DOCUMENTS && chunks >= MIN_CHUNKS;
    }

    void print(PrintStream out) {
        List<Integer> sizes = documents.stream().map(LibrarySlices.Document::bytes).sorted().toList();
        out.printf(Locale.ROOT, "[1] library: %d documents, %,d bytes (smallest %,d, median %,d, largest %,d), %,d "
                        + "chunks of %d tokens (overlap %d) from %s%s%n", documents.size(), bytes(), sizes.get(0),
                sizes.get(sizes.size() / 2), sizes.get(sizes.size() - 1), chunks, chunkSize, chunkOverlap, dir,
                bigEnough() ? "" : String.format(Locale.ROOT, " — SMALLER than the acceptance library (>= %d "
                        + "documents, >= %,d chunks)", MIN_DOCUMENTS, MIN_CHUNKS));
    }

    ObjectNode settingsJson() {
        return JsonNodeFactory.instance.objectNode().put("dir", dir.toString()).put("seed", seed)
                .put("chunk_size", chunkSize).put("chunk_overlap", chunkOverlap).put("embedding_dim", dim)
                .put("chat_latency_ms", 0).put("embed_latency_ms", embedLatencyMs)
                .put("max_parallel_insert", maxParallelInsert).put("modes", String.join(",", modes))
                .put("warm_up_questions", warmUpQuestions.size()).put("measured_questions", measuredQuestions.size())
                .put("concurrent_accepts", acceptTexts.size()).put("warm_up_accepts", warmUpAcceptTexts.size());
    }

    ObjectNode libraryJson() {
        return JsonNodeFactory.instance.objectNode().put("documents", documents.size()).put("bytes", bytes())
                .put("chunks", chunks).put("acceptance_size", bigEnough());
    }
}
