package dev.librarian.bench;

import dev.librarian.vector.LuceneVectorIndex;
import dev.librarian.vector.ScoredId;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Spike: nearest-neighbour search over N clustered unit vectors from disk, by (a) {@link LuceneVectorIndex} through
 * its HNSW graph and (b) an exact scan of a memory-mapped float32 rows file. Each (size, method) runs in a child JVM
 * with this JVM's options, so heap and RSS figures are the method's own; the exact scan runs first and leaves the
 * true top-K per query for the recall of the graph. Run it with {@code bench/vectors}. Options (all optional):
 * {@code --dim 1024 --sizes 20000,60000,140000 --queries 200 --top 40 --clusters 200 --commit-every 500
 * --lucene-exact-queries 50 --merge-to 0 --work target/bench/vectors --seed 7}; {@code --merge-to K} also times the graph
 * queries after a force-merge of the built index down to K segments (Lucene's own writer, for comparison).
 */
public final class VectorSpike {

    private static final int WARM_UP_QUERIES = 20;

    private final int dim;
    private final int queries;
    private final int top;
    private final int commitEvery;
    private final int luceneExactQueries;
    private final int mergeTo;
    private final Path work;
    private final SpikeVectors vectors;

    private VectorSpike(BenchOptions opts) {
        dim = opts.integer("dim", 1024);
        queries = opts.integer("queries", 200);
        top = opts.integer("top", 40);
        commitEvery = opts.integer("commit-every", 500);
        luceneExactQueries = opts.integer("lucene-exact-queries", 50);
        mergeTo = opts.integer("merge-to", 0);
        work = Path.of(opts.text("work", "target/bench/vectors"));
        vectors = new SpikeVectors(dim, opts.integer("clusters", 200), opts.integer("seed", 7));
    }

    public static void main(String[] args) throws Exception {
        BenchOptions opts = new BenchOptions(args);
        if (opts.has("phase")) {
            VectorSpike spike = new VectorSpike(opts);
            int size = opts.integer("size", 0);
            if (opts.text("phase", "").equals("mmap")) {
                spike.mappedExact(size);
            } else {
                spike.luceneGraph(size);
            }
            return;
        }
        System.out.println(BenchMachine.current().line());
        for (String size : opts.text("sizes", "20000,60000,140000").split(",")) {
            for (String phase : List.of("mmap", "lucene")) {
                runChild(args, phase, size.strip());
            }
        }
    }

    private static void runChild(String[] args, String phase, String size) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), VectorSpike.class.getName()));
        command.addAll(Arrays.asList(args));
        command.addAll(List.of("--phase", phase, "--size", size));
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(phase + " at N=" + size + " failed with exit code " + exit);
        }
    }

    private void mappedExact(int size) throws Exception {
        Files.createDirectories(work);
        Path rowsFile = work.resolve("rows-" + dim + "-" + size + ".f32");
        if (!Files.exists(rowsFile) || Files.size(rowsFile) != (long) size * dim * Float.BYTES) {
            vectors.writeRows(rowsFile, size);
        }
        MappedRowsSearch search = new MappedRowsSearch(rowsFile, dim);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int q = 0; q < WARM_UP_QUERIES; q++) {
                search.topK(vectors.query(queries + q), top, pool, 2);
            }
            int[][] truth = new int[queries][];
            StringBuilder figures = new StringBuilder();
            for (int threads = 1; threads <= 2; threads++) {
                long[] nanos = new long[queries];
                for (int q = 0; q < queries; q++) {
                    float[] query = vectors.query(q);
                    long start = System.nanoTime();
                    truth[q] = search.topK(query, top, pool, threads);
                    nanos[q] = System.nanoTime() - start;
                }
                figures.append(String.format(Locale.ROOT, "; %d thread%s: %s", threads, threads == 1 ? "" : "s",
                        latencies(nanos)));
            }
            writeTruth(size, truth);
            print(size, "mmap exact", String.format(Locale.ROOT, "rows file %.1f MiB",
                    Files.size(rowsFile) / 1048576.0) + figures, SpikeMemory.now());
        } finally {
            pool.shutdownNow();
        }
    }

    private void luceneGraph(int size) throws Exception {
        Path dir = work.resolve("lucene-" + dim + "-" + size);
        deleteRecursively(dir);
        Path rowsFile = work.resolve("rows-" + dim + "-" + size + ".f32");
        long start = System.nanoTime();
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, dim, 0);
             SpikeVectors.RowReader rows = new SpikeVectors.RowReader(rowsFile, dim)) {
            for (int i = 0; i < size; i++) {
                index.upsert("v" + i, rows.next());
                if ((i + 1) % commitEvery == 0) {
                    index.commit(i + 1);
                }
            }
            index.commit(size);
        }
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        SpikeMemory afterBuild = SpikeMemory.now();
        int[][] truth = readTruth(size);
        String graph;
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, dim, 0)) {
            graph = timeQueries(index, queries, truth);
        }
        String exact;
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, dim, Integer.MAX_VALUE)) {
            exact = timeQueries(index, luceneExactQueries, truth);
        }
        String figures = String.format(Locale.ROOT,
                "build %.0f vectors/s (%.1f s, commit every %d); %d segments, %.1f MiB on disk; "
                        + "after build %s%n    HNSW query %s%n    Lucene exact scan (%d queries) %s",
                size / buildSeconds, buildSeconds, commitEvery, segments(dir), directoryBytes(dir) / 1048576.0,
                afterBuild.line(), graph, luceneExactQueries, exact);
        if (mergeTo > 0) {
            figures += "\n    " + forceMerged(dir, truth);
        }
        print(size, "lucene", figures, SpikeMemory.now());
    }

    private String forceMerged(Path dir, int[][] truth) throws IOException {
        long start = System.nanoTime();
        try (Directory directory = new MMapDirectory(dir);
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
            writer.forceMerge(mergeTo);
        }
        double mergeSeconds = (System.nanoTime() - start) / 1e9;
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, dim, 0)) {
            return String.format(Locale.ROOT, "force-merged to %d segment(s) in %.1f s, %.1f MiB on disk: HNSW query %s",
                    segments(dir), mergeSeconds, directoryBytes(dir) / 1048576.0, timeQueries(index, queries, truth));
        }
    }

    private String timeQueries(LuceneVectorIndex index, int count, int[][] truth) {
        if (count == 0) {
            return "not run";
        }
        for (int q = 0; q < WARM_UP_QUERIES; q++) {
            index.query(vectors.query(queries + q), top, -1);
        }
        long[] nanos = new long[count];
        int found = 0;
        for (int q = 0; q < count; q++) {
            float[] query = vectors.query(q);
            long start = System.nanoTime();
            List<ScoredId> hits = index.query(query, top, -1);
            nanos[q] = System.nanoTime() - start;
            Set<String> expected = new HashSet<>();
            for (int row : truth[q]) {
                expected.add("v" + row);
            }
            found += (int) hits.stream().filter(h -> expected.contains(h.id())).count();
        }
        return latencies(nanos) + String.format(Locale.ROOT, ", recall@%d %.4f", top, found / (double) (count * top));
    }

    private static String latencies(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms", percentile(sorted, 0.50) / 1e6,
                percentile(sorted, 0.99) / 1e6);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private void print(int size, String method, String figures, SpikeMemory memory) {
        System.out.printf(Locale.ROOT, "N=%d dim=%d top=%d %s: %s%n    at the end: %s%n", size, dim, top, method,
                figures, memory.line());
    }

    private void writeTruth(int size, int[][] truth) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(truthFile(size)))) {
            for (int[] rows : truth) {
                out.writeInt(rows.length);
                for (int row : rows) {
                    out.writeInt(row);
                }
            }
        }
    }

    private int[][] readTruth(int size) throws IOException {
        int[][] truth = new int[queries][];
        try (DataInputStream in = new DataInputStream(Files.newInputStream(truthFile(size)))) {
            for (int q = 0; q < queries; q++) {
                truth[q] = new int[in.readInt()];
                for (int i = 0; i < truth[q].length; i++) {
                    truth[q][i] = in.readInt();
                }
            }
        }
        return truth;
    }

    private Path truthFile(int size) {
        return work.resolve("truth-" + dim + "-" + size + "-top" + top + ".bin");
    }

    private static long segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".si")).count();
        }
    }

    private static long directoryBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path f : files.toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(f);
            }
        }
    }
}
