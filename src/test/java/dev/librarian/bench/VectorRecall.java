package dev.librarian.bench;

import dev.librarian.testing.FakeOllama;
import dev.librarian.vector.LuceneVectorIndex;
import dev.librarian.vector.ScoredId;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How many of the true nearest neighbours the graph search finds, on a library a {@code bench/library --work DIR} run
 * left: for each vector index (entities, relationships, chunks), the benchmark's measured questions are searched as
 * the service searches them (entities by the low-level keywords, relationships by the high-level ones, chunks by the
 * question, embedded by the fake Ollama), once through the HNSW graph and once by an exact scan of the same index;
 * prints the index's segment count (a search shares 200 candidates among the segments by their sizes; the service
 * merges an idle index into one), the graph search's median time and its recall@40. A hit scoring as high as the
 * exact 40th counts as found, as the fake's bag-of-words vectors give many equal scores. Arguments: the library's
 * {@code cache} folder and the corpus folder the run was cut from. The service must not be running on that library.
 */
public final class VectorRecall {

    private static final int TOP = 40;
    /** {@code bench/library}'s embedding dimension. */
    private static final int DIM = 1024;
    private static final double SCORE_TIE = 1e-5;

    public static void main(String[] args) throws Exception {
        Path vectors = Path.of(args[0]).resolve("vectors");
        LibraryPlan plan = LibraryPlan.from(new BenchOptions(new String[]{"--dir", args[1]}));
        List<String> questions = plan.measuredQuestions();
        try (FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(DIM))) {
            measure(vectors.resolve("entities"), questions,
                    q -> ollama.embedding(RetrievalProfile.keywords(q).lowLevelText()));
            measure(vectors.resolve("relationships"), questions,
                    q -> ollama.embedding(RetrievalProfile.keywords(q).highLevelText()));
            measure(vectors.resolve("chunks"), questions, ollama::embedding);
        }
        System.exit(0);
    }

    private static void measure(Path index, List<String> questions, Function<String, float[]> embed)
            throws Exception {
        List<float[]> queries = questions.stream().map(embed).toList();
        List<List<ScoredId>> graph = new ArrayList<>();
        long[] nanos = new long[queries.size()];
        int size;
        int segments;
        try (LuceneVectorIndex lucene = LuceneVectorIndex.open(index, DIM, 0)) {
            size = lucene.size();
            segments = lucene.segments();
            for (int round = 0; round < 2; round++) {
                graph.clear();
                for (int i = 0; i < queries.size(); i++) {
                    long start = System.nanoTime();
                    graph.add(lucene.query(queries.get(i), TOP, -1));
                    nanos[i] = System.nanoTime() - start;
                }
            }
        }
        double recall = 0;
        try (LuceneVectorIndex exact = LuceneVectorIndex.open(index, DIM, Integer.MAX_VALUE)) {
            for (int i = 0; i < queries.size(); i++) {
                List<ScoredId> truth = exact.query(queries.get(i), TOP, -1);
                float last = truth.get(truth.size() - 1).score();
                long found = graph.get(i).stream().filter(hit -> hit.score() >= last - SCORE_TIE).count();
                recall += Math.min(found, truth.size()) / (double) truth.size();
            }
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-14s %,9d vectors in %d segments: graph search p50 %.2f ms, recall@%d %.3f "
                        + "(%d questions)%n", index.getFileName(), size, segments, nanos[nanos.length / 2] / 1e6, TOP,
                recall / queries.size(), queries.size());
    }
}
