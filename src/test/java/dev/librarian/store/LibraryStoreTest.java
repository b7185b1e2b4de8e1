package dev.librarian.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.graph.EntityNode;
import dev.librarian.graph.RelationEdge;
import dev.librarian.library.LibraryStores;
import dev.librarian.model.RelationKey;
import dev.librarian.store.db.LibraryDatabase;
import dev.librarian.store.db.StoreException;
import dev.librarian.testing.StoreEngines;
import dev.librarian.vector.VectorIndexCommits;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store on both engines: records, order, transactions, vectors, graph, one process per library. */
class LibraryStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DIM = 8;

    @TempDir
    Path dir;
    private String url;
    private LibraryStores stores;

    static List<StoreEngines> engines() {
        return StoreEngines.both().toList();
    }

    private LibraryStores open(StoreEngines engine) throws IOException {
        if (url == null) {
            url = engine.freshUrl();
        }
        stores = LibraryStores.open(dir, url, DIM, Clock.systemUTC());
        return stores;
    }

    private LibraryStores reopen() throws IOException {
        stores.stop();
        stores = LibraryStores.open(dir, url, DIM, Clock.systemUTC());
        return stores;
    }

    @AfterEach
    void close() {
        if (stores != null) {
            stores.stop();
        }
        if (url != null) {
            StoreEngines.drop(url);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void records_keep_their_insertion_order_and_stamps_across_a_restart(StoreEngines engine) throws IOException {
        LibraryStores s = open(engine);
        s.textChunks().upsert("doc-b-chunk-1", chunk("second"));
        s.textChunks().upsert("doc-a-chunk-0", chunk("first"));
        s.textChunks().upsert("doc-b-chunk-0", chunk("third"));
        long created = s.textChunks().get("doc-b-chunk-1").orElseThrow().get("create_time").asLong();
        s.textChunks().upsert("doc-b-chunk-1", chunk("second, replaced"));

        LibraryStores r = reopen();
        assertEquals(List.of("doc-b-chunk-1", "doc-a-chunk-0", "doc-b-chunk-0"), List.copyOf(r.textChunks().keys()));
        ObjectNode replaced = r.textChunks().get("doc-b-chunk-1").orElseThrow();
        assertEquals("second, replaced", replaced.get("content").asText());
        assertEquals(created, replaced.get("create_time").asLong(), "create_time kept from the first write");
        assertEquals("doc-b-chunk-1", replaced.get("_id").asText());
        assertEquals(0, replaced.get("llm_cache_list").size());
        assertEquals(List.of("doc-b-chunk-0", "doc-b-chunk-1"), r.textChunks().keysWithPrefix("doc-b-chunk-"));
        assertTrue(r.textChunks().delete("doc-a-chunk-0"));
        assertFalse(r.textChunks().delete("doc-a-chunk-0"));
        assertEquals(2, r.textChunks().size());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void a_change_that_fails_half_way_leaves_nothing_behind(StoreEngines engine) throws IOException {
        LibraryStores s = open(engine);
        s.docStatus().upsert("doc-1", JSON.createObjectNode().put("status", "processed"));
        s.graphTables().putEntity(entity("Ivan"));

        RuntimeException failure = assertThrows(IllegalStateException.class, () -> s.apply(() -> {
            s.docStatus().upsert("doc-1", JSON.createObjectNode().put("status", "pending"));
            s.fullDocs().upsert("doc-2", JSON.createObjectNode().put("content", "half"));
            s.graphTables().putEntity(entity("Maria"));
            s.chunksVdb().upsert("doc-2-chunk-0", Map.of("content", "half"), vector(1), 1L);
            throw new IllegalStateException("the disk is full");
        }));
        assertEquals("the disk is full", failure.getMessage());

        assertUnchanged(s);
        assertUnchanged(reopen());
    }

    private static void assertUnchanged(LibraryStores view) {
        {
            assertEquals("processed", view.docStatus().get("doc-1").orElseThrow().get("status").asText());
            assertFalse(view.fullDocs().contains("doc-2"));
            assertEquals(List.of("Ivan"), view.graph().entities().stream().map(EntityNode::name).toList());
            assertEquals(0, view.chunksVdb().size());
            assertTrue(view.chunksVdb().query(vector(1), 5, -1).isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void vectors_are_searched_and_survive_a_restart(StoreEngines engine) throws IOException {
        LibraryStores s = open(engine);
        s.apply(() -> {
            for (int i = 0; i < 5; i++) {
                s.entitiesVdb().upsert("ent-" + i, Map.of("entity_name", "E" + i, "ignored", "x"), vector(i), 100 + i);
            }
        });
        assertEquals("ent-3", s.entitiesVdb().query(vector(3), 1, 0.2).get(0).id());
        s.entitiesVdb().delete("ent-3");

        LibraryStores r = reopen();
        assertEquals(4, r.entitiesVdb().size());
        var hits = r.entitiesVdb().query(vector(3), 4, -1);
        assertEquals(4, hits.size());
        assertFalse(hits.stream().anyMatch(h -> h.id().equals("ent-3")), "a deleted vector stays deleted");
        var four = r.entitiesVdb().get("ent-4").orElseThrow();
        assertEquals(Map.of("entity_name", "E4"), four.meta(), "only the namespace's meta fields are kept");
        assertEquals(104, four.createdAt());
        assertEquals(1.0f, four.vector()[4]);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void vectors_reach_questions_at_once_and_the_disk_with_the_commit_turn(StoreEngines engine) throws IOException {
        LibraryStores s = open(engine);
        s.apply(() -> {
            for (int i = 0; i < 5; i++) {
                s.entitiesVdb().upsert("ent-" + i, Map.of("entity_name", "E" + i), vector(i), 100 + i);
            }
        });
        assertEquals("ent-3", s.entitiesVdb().query(vector(3), 1, 0.2).get(0).id(), "published to questions");
        Path index = dir.resolve("vectors").resolve("entities");
        assertEquals(0, committedVectors(index), "the document's write does not wait for the index's fsync");

        new VectorIndexCommits(s.vectorNamespaces()).commitPublished();
        assertEquals(5, committedVectors(index), "the commit turn (routes/store.camel.yaml) makes them durable");
        new VectorIndexCommits(s.vectorNamespaces()).commitPublished();
        assertEquals(5, committedVectors(index), "nothing new published: nothing to commit");
    }

    /** Vectors in the index's last commit, as a process starting after a crash would find them. */
    private static int committedVectors(Path index) throws IOException {
        try (FSDirectory directory = FSDirectory.open(index);
             DirectoryReader reader = DirectoryReader.open(directory)) {
            return reader.numDocs();
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void new_meta_for_an_unchanged_vector_keeps_the_vector_and_its_creation_time(StoreEngines engine)
            throws IOException {
        LibraryStores s = open(engine);
        s.apply(() -> s.entitiesVdb().upsert("ent-1", Map.of("entity_name", "E1", "source_id", "c-1"), vector(1), 100));
        assertTrue(s.entitiesVdb().updateMeta("ent-1", Map.of("entity_name", "E1", "source_id", "c-1<SEP>c-2")));
        assertFalse(s.entitiesVdb().updateMeta("ent-unknown", Map.of("entity_name", "X")), "nothing to update");

        LibraryStores r = reopen();
        var one = r.entitiesVdb().get("ent-1").orElseThrow();
        assertEquals("c-1<SEP>c-2", one.meta().get("source_id"));
        assertEquals(100, one.createdAt());
        assertEquals(1.0f, one.vector()[1]);
        assertEquals("ent-1", r.entitiesVdb().query(vector(1), 1, 0.2).get(0).id(), "still found by its vector");
        assertTrue(r.entitiesVdb().get("ent-unknown").isEmpty());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void the_graph_survives_a_restart(StoreEngines engine) throws IOException {
        LibraryStores s = open(engine);
        s.apply(() -> {
            s.graphTables().putEntity(entity("Ivan"));
            s.graphTables().putEntity(entity("Maria"));
            s.graphTables().putEntity(entity("Moscow"));
            s.graphTables().putRelation(new RelationEdge("Maria", "Ivan", 2.0, "friends", "friendship", "c1", "a.txt",
                    5, ""));
            s.graphTables().putRelation(new RelationEdge("Ivan", "Moscow", 1.0, "lives in", "home", "c1", "a.txt",
                    5, ""));
        });
        s.apply(() -> s.graphTables().removeEntity("Moscow"));

        LibraryStores r = reopen();
        assertEquals(List.of("Ivan", "Maria"), r.graph().entities().stream().map(EntityNode::name).toList());
        assertEquals(1, r.graph().relationCount());
        RelationEdge edge = r.graph().relation("Ivan", "Maria").orElseThrow();
        assertEquals(2.0, edge.weight());
        assertEquals("friends", edge.description());
        assertEquals(Optional.empty(), r.graph().relation("Ivan", "Moscow"));
        r.apply(() -> r.graphTables().removeRelation(RelationKey.of("Maria", "Ivan")));
        assertEquals(0, reopen().graph().relationCount());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void a_second_process_on_the_same_library_is_refused(StoreEngines engine) throws IOException {
        open(engine);
        StoreException sameDir = assertThrows(StoreException.class, () -> LibraryDatabase.open(url, dir));
        assertTrue(sameDir.getMessage().contains("already open in another process"), sameDir.getMessage());
        if (engine == StoreEngines.POSTGRESQL) {
            StoreException sameDatabase = assertThrows(StoreException.class,
                    () -> LibraryDatabase.open(url, dir.resolve("elsewhere")));
            assertTrue(sameDatabase.getMessage().contains("already used by another Librarian process"),
                    sameDatabase.getMessage());
        }
    }

    private static ObjectNode chunk(String content) {
        return JSON.createObjectNode().put("content", content).put("full_doc_id", "doc");
    }

    private static EntityNode entity(String name) {
        return new EntityNode(name, "person", name + " is someone", "c1", "a.txt", 5, "");
    }

    private static float[] vector(int hot) {
        float[] v = new float[DIM];
        v[hot % DIM] = 1;
        v[(hot + 1) % DIM] = 0.1f;
        return v;
    }
}
