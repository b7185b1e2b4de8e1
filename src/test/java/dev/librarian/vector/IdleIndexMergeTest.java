package dev.librarian.vector;

import dev.librarian.library.LibraryStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A vector index written document by document keeps several parts, each visited by every search: once idle, they are
 * merged into one, which questions then search with the same answers, and which a restart finds as it was left.
 */
class IdleIndexMergeTest {

    private static final int DIM = 8;
    /** Unlike every {@link #vector}: its own nearest neighbour. */
    private static final float[] LATE = {-1, -1, -1, -1, -1, -1, -1, -1};

    @TempDir
    Path dir;
    private LibraryStores stores;

    @AfterEach
    void close() {
        if (stores != null) {
            stores.stop();
        }
    }

    @Test
    void an_idle_index_merges_its_parts_and_answers_as_before() throws IOException {
        stores = LibraryStores.open(dir, "", DIM, Clock.systemUTC());
        SqlVectorStore chunks = stores.chunksVdb();
        for (int document = 0; document < 3; document++) {
            int d = document;
            stores.apply(() -> {
                for (int i = 0; i < 20; i++) {
                    chunks.upsert("doc-" + d + "-chunk-" + i, Map.of("content", "chunk " + i), vector(d * 20 + i), 1L);
                }
            });
        }
        chunks.commitPublished();
        assertEquals(3, chunks.indexParts(), "each document's merge published a part of its own");
        List<VectorHit> before = chunks.query(vector(7), 10, -1);

        assertFalse(chunks.mergeWhenIdle(Duration.ofHours(1)), "the index changed a moment ago: not idle yet");
        assertEquals(3, chunks.indexParts());

        // the first turn starts the merge; vectors arriving meanwhile (a tenth of the index) are kept
        assertFalse(chunks.mergeWhenIdle(Duration.ZERO));
        stores.apply(() -> {
            chunks.upsert("doc-3-chunk-0", Map.of("content", "late"), LATE, 1L);
            for (int i = 1; i < 7; i++) {
                float[] late = LATE.clone();
                late[i] = -2;
                chunks.upsert("doc-3-chunk-" + i, Map.of("content", "late " + i), late, 1L);
            }
        });
        // (the vector-index-commit route's turn: nothing published is left for the stop to commit)
        chunks.commitPublished();
        awaitMerged(chunks);

        assertEquals(2, chunks.indexParts(), "the three parts merged into one, beside the part of the late vectors");
        assertEquals(ids(before), ids(chunks.query(vector(7), 10, -1)), "the same nearest chunks, in the same order");
        assertEquals(67, chunks.size());
        awaitMerged(chunks);
        assertEquals(1, chunks.indexParts(), "the next idle turn merges the late part too: a tenth of the vectors");

        stores.stop();
        stores = LibraryStores.open(dir, "", DIM, Clock.systemUTC());
        SqlVectorStore reopened = stores.chunksVdb();
        assertEquals(1, reopened.indexParts(), "the merged part was committed: the restart searches one part");
        assertEquals(ids(before), ids(reopened.query(vector(7), 10, -1)));
        assertEquals("doc-3-chunk-0", reopened.query(LATE, 1, -1).get(0).id());
        assertFalse(reopened.mergeWhenIdle(Duration.ZERO), "one part: nothing to merge");
    }

    @Test
    void a_few_vectors_beside_a_big_part_are_not_worth_rebuilding_its_graph() throws Exception {
        stores = LibraryStores.open(dir, "", DIM, Clock.systemUTC());
        SqlVectorStore chunks = stores.chunksVdb();
        stores.apply(() -> {
            for (int i = 0; i < 200; i++) {
                chunks.upsert("book-chunk-" + i, Map.of("content", "book"), vector(i), 1L);
            }
        });
        stores.apply(() -> chunks.upsert("note-chunk-0", Map.of("content", "note"), LATE, 1L));
        chunks.commitPublished();
        assertEquals(2, chunks.indexParts());

        assertFalse(chunks.mergeWhenIdle(Duration.ZERO));
        assertFalse(chunks.mergingWhenIdle(), "one vector in 201 outside the big part: no merge starts");
        assertEquals(2, chunks.indexParts());
        assertEquals("note-chunk-0", chunks.query(LATE, 1, -1).get(0).id(), "the small part is searched");

        // another book's part: a tenth of the vectors outside the big part
        stores.apply(() -> {
            for (int i = 0; i < 30; i++) {
                chunks.upsert("book2-chunk-" + i, Map.of("content", "book 2"), vector(i + 300), 1L);
            }
        });
        chunks.commitPublished();
        assertEquals(3, chunks.indexParts());
        awaitMerged(chunks);
        assertEquals(1, chunks.indexParts());
        assertEquals(231, chunks.size());
    }

    @Test
    void idle_indexes_merge_one_at_a_time() throws Exception {
        stores = LibraryStores.open(dir, "", DIM, Clock.systemUTC());
        List<SqlVectorStore> indexes = stores.vectorNamespaces();
        for (int document = 0; document < 3; document++) {
            int d = document;
            stores.apply(() -> {
                for (SqlVectorStore index : indexes) {
                    for (int i = 0; i < 20; i++) {
                        index.upsert(index.namespace() + "-" + d + "-" + i, Map.of("content", "part " + d),
                                vector(d * 20 + i), 1L);
                    }
                }
            });
        }
        VectorIndexCommits commits = new VectorIndexCommits(indexes, Duration.ZERO);
        commits.commitPublished();
        for (SqlVectorStore index : indexes) {
            assertEquals(3, index.indexParts(), index.namespace());
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int mergedIndexes = 0;
        while (mergedIndexes < indexes.size() && System.nanoTime() < deadline) {
            commits.mergeWhenIdle();
            long merging = indexes.stream().filter(SqlVectorStore::mergingWhenIdle).count();
            assertTrue(merging <= 1, merging + " indexes merging at once");
            mergedIndexes = (int) indexes.stream().filter(index -> index.indexParts() == 1).count();
            Thread.sleep(20);
        }
        for (SqlVectorStore index : indexes) {
            assertEquals(1, index.indexParts(), index.namespace() + " merged in its turn");
            assertEquals(60, index.size());
        }
    }

    private static void awaitMerged(SqlVectorStore store) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (store.mergeWhenIdle(Duration.ZERO)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        fail("the merge did not finish within 30 s");
    }

    private static List<String> ids(List<VectorHit> hits) {
        return hits.stream().map(VectorHit::id).toList();
    }

    private static float[] vector(int n) {
        float[] v = new float[DIM];
        v[n % DIM] = 1;
        v[(n / DIM) % DIM] += 0.5f;
        v[(n * 7 + 3) % DIM] += 0.01f * (n % 13);
        return v;
    }
}
