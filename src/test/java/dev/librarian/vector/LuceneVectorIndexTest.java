package dev.librarian.vector;

import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.TieredMergePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LuceneVectorIndexTest {

    @TempDir
    Path dir;

    private static List<String> ids(List<ScoredId> hits) {
        return hits.stream().map(ScoredId::id).toList();
    }

    @Test
    void ranksByCosineBestFirstAndCutsBelowThreshold() throws IOException {
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, 3)) {
            index.upsert("x", new float[] {2, 0, 0});
            index.upsert("xy", new float[] {1, 1, 0});
            index.upsert("y", new float[] {0, 5, 0});
            index.upsert("minus-x", new float[] {-1, 0, 0});
            index.commit(1);

            List<ScoredId> hits = index.query(new float[] {3, 0, 0}, 10, -1);
            assertEquals(List.of("x", "xy", "y", "minus-x"), ids(hits));
            assertEquals(1f, hits.get(0).score(), 1e-6);
            assertEquals((float) Math.sqrt(0.5), hits.get(1).score(), 1e-6);
            assertEquals(0f, hits.get(2).score(), 1e-6);
            assertEquals(-1f, hits.get(3).score(), 1e-6);

            assertEquals(List.of("x", "xy"), ids(index.query(new float[] {1, 0, 0}, 10, 0.5)));
            assertEquals(List.of("x"), ids(index.query(new float[] {1, 0, 0}, 1, -1)));
            assertEquals(List.of(), index.query(new float[] {1, 0, 0}, 0, -1));
        }
    }

    @Test
    void aPublishedChangeIsSeenAtOnceButOnlyACommitKeepsItAcrossAReopen() throws IOException {
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, 3)) {
            index.upsert("x", new float[] {1, 0, 0});
            index.commit(1);
            index.upsert("y", new float[] {0, 1, 0});
            index.delete("x");
            assertEquals(List.of("x"), ids(index.query(new float[] {1, 1, 0}, 10, -1)), "staged: not seen yet");

            index.publish();
            assertEquals(List.of("y"), ids(index.query(new float[] {1, 1, 0}, 10, -1)));
            assertEquals(1, index.size());
            assertEquals(1, index.generation(), "publishing records no generation");
        }
        // closed without a commit, as by a crash: the published change is gone, the store's catch-up redoes it
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, 3)) {
            assertEquals(List.of("x"), ids(index.query(new float[] {1, 1, 0}, 10, -1)));
            assertEquals(1, index.generation());
            index.upsert("y", new float[] {0, 1, 0});
            index.publish();
            index.commit(2);
        }
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, 3)) {
            assertEquals(List.of("y", "x"), ids(index.query(new float[] {0, 1, 0}, 10, -1)));
            assertEquals(2, index.generation());
        }
    }

    @Test
    void similaritiesOfChosenIdsComeFromTheCommittedVectorsAcrossSegments() throws IOException {
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, 3)) {
            index.upsert("x", new float[] {2, 0, 0});
            index.upsert("y", new float[] {0, 5, 0});
            index.commit(1);
            // a second segment, a replaced vector and a deletion
            index.upsert("xy", new float[] {1, 1, 0});
            index.upsert("y", new float[] {0, -1, 0});
            index.delete("x");
            index.upsert("staged", new float[] {1, 0, 0});
            index.commit(2);
            index.upsert("not-committed", new float[] {1, 0, 0});

            var scores = index.similarities(new float[] {3, 0, 0}, List.of("y", "xy", "x", "unknown", "not-committed"));
            assertEquals(Set.of("y", "xy"), scores.keySet(), "deleted, unknown and uncommitted ids are left out");
            assertEquals(0f, scores.get("y"), 1e-6);
            assertEquals((float) Math.sqrt(0.5), scores.get("xy"), 1e-6);
            assertEquals(-1f, index.similarities(new float[] {0, 2, 0}, List.of("y")).get("y"), 1e-6,
                    "the replaced vector, not the first one");
            assertTrue(index.similarities(new float[] {1, 0, 0}, List.of()).isEmpty());

            // segments already looked at by the questions above: a later change is still seen
            index.upsert("xy", new float[] {0, 0, 3});
            index.delete("y");
            index.upsert("x", new float[] {4, 0, 0});
            index.commit(3);
            var later = index.similarities(new float[] {1, 0, 0}, List.of("x", "xy", "y"));
            assertEquals(Set.of("x", "xy"), later.keySet(), "the deleted id is left out");
            assertEquals(1f, later.get("x"), 1e-6, "the re-added id");
            assertEquals(0f, later.get("xy"), 1e-6, "the replaced vector");
        }
    }

    @Test
    void equalScoresAreRankedById() throws IOException {
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, 2)) {
            for (String id : List.of("c", "a", "d", "b")) {
                index.upsert(id, new float[] {1, 1});
            }
            index.commit(1);
            assertEquals(List.of("a", "b", "c"), ids(index.query(new float[] {1, 2}, 3, -1)));
        }
    }

    @Test
    void upsertReplacesAndDeleteRemovesAtCommit() throws IOException {
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, 2)) {
            index.upsert("a", new float[] {1, 0});
            index.upsert("b", new float[] {0, 1});
            index.commit(1);
            assertEquals(2, index.size());

            index.upsert("a", new float[] {0, 1});
            index.delete("b");
            index.delete("never-stored");
            assertEquals(List.of("a"), ids(index.query(new float[] {1, 0}, 1, -1)), "staged, not yet visible");
            assertEquals(2, index.size());

            index.commit(2);
            List<ScoredId> hits = index.query(new float[] {0, 1}, 10, -1);
            assertEquals(List.of("a"), ids(hits));
            assertEquals(1f, hits.get(0).score(), 1e-6);
            assertEquals(1, index.size());
            assertEquals(2, index.generation());
        }
    }

    @Test
    void generationAndVectorsSurviveReopen() throws IOException {
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, 2)) {
            assertEquals(0, index.generation());
            index.upsert("a", new float[] {1, 0});
            index.commit(41);
            index.commit(42);
        }
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, 2)) {
            assertEquals(42, index.generation());
            assertEquals(1, index.size());
            assertEquals(List.of("a"), ids(index.query(new float[] {1, 1}, 5, 0)));
        }
    }

    @Test
    void uncommittedChangesAreGoneAfterReopen() throws IOException {
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, 2)) {
            index.upsert("a", new float[] {1, 0});
            index.commit(1);
            index.upsert("b", new float[] {0, 1});
            index.delete("a");
        }
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, 2)) {
            assertEquals(1, index.generation());
            assertEquals(List.of("a"), ids(index.query(new float[] {0, 1}, 5, -1)));
        }
    }

    @Test
    void aQuestionTheGraphMissesGetsTheExactAnswerInsteadOfNothing() throws IOException {
        // sparse vectors like bag-of-words embeddings: a query shares its one word with a few vectors and is
        // orthogonal to all the rest, so the graph's walk has nothing to follow and can end without meeting them
        int dim = 512;
        Random random = new Random(7);
        List<float[]> vectors = new ArrayList<>();
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, dim, 0)) {
            for (int i = 0; i < 3000; i++) {
                float[] v = new float[dim];
                for (int word = 0; word < 3; word++) {
                    v[random.nextInt(dim)] = 1;
                }
                vectors.add(v);
                index.upsert("v" + i, v);
            }
            index.commit(1);
            int answered = 0;
            for (int word = 0; word < dim; word++) {
                float[] query = new float[dim];
                query[word] = 1;
                double best = 0;
                for (float[] v : vectors) {
                    best = Math.max(best, cosine(query, v));
                }
                List<ScoredId> hits = index.query(query, 40, 0.2);
                if (best >= 0.2) {
                    // the graph may still rank a lesser match first; what it must not do is answer nothing
                    assertFalse(hits.isEmpty(), "word " + word + " is in the library but the query found nothing");
                    answered++;
                } else {
                    assertEquals(List.of(), hits);
                }
            }
            assertTrue(answered > dim / 2, "most words are in the library: " + answered);
        }
    }

    @Test
    void aCrashBetweenCommitsLeavesThePreviousCommit() throws IOException {
        Path copy = dir.resolve("copy");
        Path live = dir.resolve("live");
        // flushes of segments too big to stay in memory until the commit (NRT_SEGMENT_MAX_MB): the staged vectors
        // reach the disk as segments the last commit does not reference
        int dim = 1024;
        try (LuceneVectorIndex index = LuceneVectorIndex.open(live, dim, 10, c -> c.setMaxBufferedDocs(700))) {
            Random random = new Random(1);
            for (int i = 0; i < 20; i++) {
                index.upsert("kept-" + i, randomVector(random, dim));
            }
            index.commit(1);
            long filesAtCommit = fileCount(live);
            for (int i = 0; i < 1500; i++) {
                index.upsert("staged-" + i, randomVector(random, dim));
            }
            index.delete("kept-0");
            assertTrue(fileCount(live) > filesAtCommit, "staged segments were flushed");
            copyDirectory(live, copy); // what a kill -9 now would leave behind
        }
        try (LuceneVectorIndex index = LuceneVectorIndex.open(copy, dim, 10)) {
            assertEquals(1, index.generation());
            assertEquals(20, index.size());
            Set<String> found = new HashSet<>(ids(index.query(randomVector(new Random(2), dim), 200, -1)));
            assertEquals(20, found.size());
            assertTrue(found.contains("kept-0"));
        }
    }

    @Test
    void clearDropsEverythingAtTheNextCommit() throws IOException {
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, 2)) {
            index.upsert("a", new float[] {1, 0});
            index.commit(1);
            index.clear();
            assertEquals(1, index.size());
            index.upsert("b", new float[] {0, 1});
            index.commit(2);
            assertEquals(List.of("b"), ids(index.query(new float[] {1, 0}, 5, -1)));
        }
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, 2)) {
            assertEquals(1, index.size());
            assertEquals(2, index.generation());
        }
    }

    @Test
    void unusableVectorsAreRefusedWithTheReason() throws IOException {
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, 3)) {
            IllegalArgumentException wrongLength =
                    assertThrows(IllegalArgumentException.class, () -> index.upsert("a", new float[] {1, 2}));
            assertEquals("vector of a has 2 values but the index holds 3-dimensional vectors",
                    wrongLength.getMessage());
            assertThrows(IllegalArgumentException.class, () -> index.query(new float[] {1, 2, 3, 4}, 5, 0));
            IllegalArgumentException zero =
                    assertThrows(IllegalArgumentException.class, () -> index.upsert("z", new float[3]));
            assertTrue(zero.getMessage().contains("zero vector"), zero.getMessage());
            assertThrows(IllegalArgumentException.class, () -> index.query(new float[3], 5, 0));
            IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                    () -> index.upsert("n", new float[] {1, Float.NaN, 0}));
            assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> index.upsert("i", new float[] {Float.POSITIVE_INFINITY, 0, 0}));
            index.upsert("a", new float[] {1, 2, 3});
            index.commit(1);
        }
        IllegalStateException otherDim =
                assertThrows(IllegalStateException.class, () -> LuceneVectorIndex.open(dir, 4));
        assertTrue(otherDim.getMessage().contains("holds 3-dimensional vectors, not 4"), otherDim.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LuceneVectorIndex.open(dir.resolve("x"), 0));
    }

    @Test
    void vectorsWiderThanLucenesDefaultLimitAreIndexedAndReadBack() throws IOException {
        Random random = new Random(5);
        float[] wide = randomVector(random, 1536);
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, 1536, 0)) {
            index.upsert("wide", wide);
            index.upsert("other", randomVector(random, 1536));
            index.commit(1);
        }
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, 1536, 0)) {
            assertEquals("wide", index.query(wide, 1, 0.99).get(0).id());
        }
    }

    @Test
    void exactScanMatchesBruteForceAndTheGraphFindsAtLeast95PercentOfIt() throws IOException {
        int dim = 32;
        int count = 3000;
        Random random = new Random(7);
        List<float[]> vectors = new ArrayList<>();
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, dim)) {
            for (int i = 0; i < count; i++) {
                vectors.add(randomVector(random, dim));
                index.upsert("v" + i, vectors.get(i));
                if (i % 1000 == 999) {
                    index.commit(i); // several segments, as an ingest would leave
                }
            }
            index.commit(count);
        }
        List<float[]> queries = Stream.generate(() -> randomVector(random, dim)).limit(40).toList();
        int found = 0;
        try (LuceneVectorIndex exact = LuceneVectorIndex.open(dir, dim, count)) {
            for (float[] q : queries) {
                List<ScoredId> expected = bruteForce(vectors, q, 10);
                List<ScoredId> hits = exact.query(q, 10, -1);
                for (int rank = 0; rank < 10; rank++) {
                    assertEquals(expected.get(rank).score(), hits.get(rank).score(), 1e-5);
                }
                found += overlap(expected, hits);
            }
        }
        assertTrue(found >= queries.size() * 10 - 2, "exact scan found " + found);
        int graphFound = 0;
        try (LuceneVectorIndex graph = LuceneVectorIndex.open(dir, dim, 100)) {
            for (float[] q : queries) {
                graphFound += overlap(bruteForce(vectors, q, 10), graph.query(q, 10, -1));
            }
        }
        double recall = graphFound / (queries.size() * 10.0);
        assertTrue(recall >= 0.95, "HNSW recall@10 " + recall);
    }

    @Test
    void queriesRunWhileVectorsAreUpsertedAndCommitted() throws Exception {
        int dim = 16;
        Random random = new Random(3);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, dim)) {
            Future<?> writes = pool.submit(() -> {
                Random r = new Random(4);
                for (int i = 0; i < 600; i++) {
                    index.upsert("v" + (i % 250), randomVector(r, dim));
                    if (i % 100 == 99) {
                        index.commit(i + 1);
                    }
                }
                return null;
            });
            Future<?> reads = pool.submit(() -> {
                while (!writes.isDone()) {
                    List<ScoredId> hits = index.query(randomVector(random, dim), 5, -1);
                    assertTrue(hits.size() <= 5);
                }
                return null;
            });
            writes.get();
            reads.get();
            assertEquals(250, index.size());
            assertEquals(600, index.generation());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void segmentsTooBigForTheIngestsMergesAreStillMergedIntoOneWhenIdleAndByCompact() throws Exception {
        int dim = 64;
        Random random = new Random(5);
        // the ingest's merge size shrunk so that a few hundred vectors pass it
        Consumer<IndexWriterConfig> smallMerges =
                config -> ((TieredMergePolicy) config.getMergePolicy()).setMaxMergedSegmentMB(0.2);
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, dim, 10, smallMerges)) {
            for (int part = 0; part < 8; part++) {
                for (int i = 0; i < 600; i++) {
                    index.upsert("v" + part + "-" + i, randomVector(random, dim));
                }
                index.publish();
            }
            index.commit(1);
            assertTrue(index.segments() > 2, "published parts past the merge size stay apart: " + index.segments());

            index.startMergingSegments();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (index.merging() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            index.publish();
            assertEquals(1, index.segments(), "the idle merge makes one part whatever its size");
            assertEquals(4800, index.size());
        }
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, dim, 10, smallMerges)) {
            for (int i = 0; i < 600; i++) {
                index.upsert("w" + i, randomVector(random, dim));
            }
            index.commit(2);
            index.compact();
            assertEquals(1, index.segments());
            assertEquals(5400, index.size());
        }
    }

    private static float[] randomVector(Random random, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static List<ScoredId> bruteForce(List<float[]> vectors, float[] q, int topK) {
        List<ScoredId> all = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            all.add(new ScoredId("v" + i, (float) cosine(vectors.get(i), q)));
        }
        all.sort(Comparator.comparing(ScoredId::score).reversed());
        return all.subList(0, topK);
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static int overlap(List<ScoredId> expected, List<ScoredId> actual) {
        Set<String> ids = new HashSet<>(ids(expected));
        return (int) actual.stream().filter(h -> ids.contains(h.id())).count();
    }

    private static long fileCount(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                try {
                    Files.copy(file, to.resolve(file.getFileName()));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a temporary file the writer removed meanwhile: a crash at this instant would not leave it either
                }
            }
        }
    }
}
