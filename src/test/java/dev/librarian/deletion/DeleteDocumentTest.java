package dev.librarian.deletion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.graph.EntityNode;
import dev.librarian.graph.GraphmlStore;
import dev.librarian.graph.KnowledgeGraph;
import dev.librarian.graph.RelationEdge;
import dev.librarian.intake.DocumentIds;
import dev.librarian.library.LibraryStores;
import dev.librarian.status.DocStatus;
import dev.librarian.store.JsonKvStore;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import dev.librarian.testing.StoreSnapshot;
import dev.librarian.vector.NanoVectorStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code DELETE /documents/delete_document}: a deleted document leaves the stores as if it had never been indexed,
 * entities and relations it shares with another document keep only that document's part, and no LLM call is made.
 */
class DeleteDocumentTest {

    private static final int DIM = 16;
    /** Anna, Clara and their relation are shared; Moscow, Boris and their relations are the first book's only. */
    private static final String FIRST = "Anna and Clara live in Moscow. Boris visits them there every winter.";
    private static final String SECOND = "Anna and Clara travel to Tver by train in the spring.";
    private static final String SECOND_TWO_CHUNKS = "Anna and Clara travel to Tver by train in the spring. "
            + "In Tver, Anna writes long letters to her friend Clara every week.";
    private static final String FIRST_ID = "doc-" + DocumentIds.md5Hex("first.txt");
    private static final String SECOND_ID = "doc-" + DocumentIds.md5Hex("second.txt");

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(DIM));
    private final HttpClient http = HttpClient.newHttpClient();
    private RunningLibrarian librarian;

    @AfterEach
    void stop() {
        if (librarian != null) {
            librarian.close();
        }
        ollama.close();
    }

    @Test
    void should_delete_a_dropped_book_its_file_and_cache_and_leave_the_stores_of_a_run_without_it() throws Exception {
        Path clean = tmp.resolve("clean");
        librarian = start(clean.resolve("cache"), clean.resolve("inbox"), Map.of());
        drop(clean.resolve("inbox"), "second.txt", SECOND);
        librarian.awaitFinished(SECOND_ID, Duration.ofSeconds(60));
        librarian.close();
        StoreSnapshot expected = StoreSnapshot.of(clean.resolve("cache"), DIM);

        Path cache = tmp.resolve("cache");
        Path inbox = tmp.resolve("inbox");
        librarian = start(cache, inbox, Map.of());
        assertNull(librarian.context().getRoute("library-files"), "sync routes are not loaded in drop mode");
        drop(inbox, "first.txt", FIRST);
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(FIRST_ID, Duration.ofSeconds(60)));
        drop(inbox, "second.txt", SECOND);
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(SECOND_ID, Duration.ofSeconds(60)));
        RunningLibrarian.await(Duration.ofSeconds(10), () -> Files.exists(inbox.resolve(".done/second.txt")),
                "second.txt moved to .done");
        KnowledgeGraph before = GraphmlStore.read(cache.resolve("graph_chunk_entity_relation.graphml"));
        assertTrue(before.entity("Moscow").isPresent() && before.entity("Anna").orElseThrow().sourceId()
                .contains("<SEP>"), "Anna is shared before the deletion: " + before.entity("Anna"));
        List<String> firstCacheKeys = cacheKeysOf(cache, FIRST_ID);
        List<String> secondCacheKeys = cacheKeysOf(cache, SECOND_ID);
        assertFalse(firstCacheKeys.isEmpty());

        int chatCallsBefore = ollama.chatCalls();
        HttpResponse<String> response = delete("{\"doc_ids\": [\"" + FIRST_ID + "\", \"doc-unknown\"], "
                + "\"delete_file\": true, \"delete_llm_cache\": true}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = json(response);
        assertEquals("deletion_started", answer.get("status").asText());
        assertEquals(FIRST_ID, answer.get("doc_id").asText());
        assertEquals("doc-unknown", answer.get("not_found").get(0).asText());
        RunningLibrarian.await(Duration.ofSeconds(30), () -> librarian.statusOf(FIRST_ID).isEmpty(),
                "the first book's status record is removed");
        // the original goes once the deletion is committed: a crash in between leaves a file, never a half document
        RunningLibrarian.await(Duration.ofSeconds(10), () -> !Files.exists(inbox.resolve(".done/first.txt")),
                "delete_file removed the original");
        assertEquals(chatCallsBefore, ollama.chatCalls(), "a deletion makes no LLM call");
        librarian.exportMirror();

        assertTrue(Files.exists(inbox.resolve(".done/second.txt")), "the other book's file stays");
        JsonKvStore llmCache = JsonKvStore.open(cache.resolve("kv_store_llm_response_cache.json"), true);
        firstCacheKeys.forEach(k -> assertFalse(llmCache.contains(k), "delete_llm_cache removed " + k));
        secondCacheKeys.forEach(k -> assertTrue(llmCache.contains(k), "the other book's answer " + k + " stays"));

        KnowledgeGraph graph = GraphmlStore.read(cache.resolve("graph_chunk_entity_relation.graphml"));
        assertFalse(graph.entity("Moscow").isPresent(), "an entity only the deleted book named is gone");
        assertFalse(graph.entity("Boris").isPresent());
        assertTrue(graph.relation("Clara", "Moscow").isEmpty(), "its relations are gone");
        EntityNode anna = graph.entity("Anna").orElseThrow();
        assertEquals(SECOND_ID + "-chunk-000", anna.sourceId());
        assertEquals("second.txt", anna.filePath());
        assertFalse(anna.description().contains("Moscow"), anna.description());
        RelationEdge shared = graph.relation("Anna", "Clara").orElseThrow();
        assertEquals(1.0, shared.weight(), 1e-9, "the shared relation keeps only the remaining weight");
        NanoVectorStore entities = NanoVectorStore.open(cache.resolve("vdb_entities.json"), DIM,
                LibraryStores.ENTITY_META);
        assertTrue(entities.ids().stream().noneMatch(id -> entities.get(id).orElseThrow().meta()
                .get("entity_name").equals("Moscow")), "vdb_entities has no Moscow");
        assertTrue(NanoVectorStore.open(cache.resolve("vdb_chunks.json"), DIM, LibraryStores.CHUNK_META).ids()
                .stream().noneMatch(id -> id.startsWith(FIRST_ID)), "its chunk vectors are gone");

        librarian.close();
        assertEquals(List.of(), StoreSnapshot.of(cache, DIM).differences(expected, 10),
                "the stores equal those of a run that indexed only the second book");

        librarian = start(cache, inbox, Map.of());
        assertTrue(librarian.statusOf(FIRST_ID).isEmpty(), "still deleted after a restart");
        assertEquals(404, delete("{\"doc_ids\": [\"" + FIRST_ID + "\"]}").statusCode());
        librarian.close();
        assertEquals(List.of(), StoreSnapshot.of(cache, DIM).differences(expected, 10));
    }

    @Test
    void should_refuse_documents_still_being_indexed_and_say_what_is_wrong_with_bad_requests() throws Exception {
        librarian = start(tmp.resolve("cache"), tmp.resolve("inbox"), Map.of());
        ollama.chatLatency(Duration.ofSeconds(2));
        String id = json(librarian.post("/documents/text",
                "{\"text\": \"" + FIRST + "\", \"file_source\": \"first.txt\"}")).get("doc_id").asText();

        HttpResponse<String> busy = delete("{\"doc_ids\": [\"" + id + "\"]}");
        assertEquals(409, busy.statusCode(), busy.body());
        assertEquals("busy", json(busy).get("status").asText());
        assertEquals(id, json(busy).get("busy").get(0).asText());

        HttpResponse<String> unknown = delete("{\"doc_ids\": [\"doc-nope\"]}");
        assertEquals(404, unknown.statusCode());
        assertEquals("not_found", json(unknown).get("status").asText());

        HttpResponse<String> empty = delete("{\"doc_ids\": []}");
        assertEquals(400, empty.statusCode());
        assertTrue(json(empty).get("detail").asText().contains("doc_ids"), empty.body());
        assertEquals(400, delete("{\"doc_ids\": [\"x\"], \"delete_file\": \"yes\"}").statusCode());
        assertEquals(400, delete("not json").statusCode());

        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(id, Duration.ofSeconds(60)),
                "the refused document is indexed as usual");
    }

    @Test
    void should_delete_a_failed_document_with_its_chunks_so_it_can_be_sent_again() throws Exception {
        librarian = start(tmp.resolve("cache"), tmp.resolve("inbox"), Map.of());
        ollama.failNext(1, 400);
        HttpResponse<String> inserted = librarian.post("/documents/text",
                "{\"text\": \"" + FIRST + "\", \"file_source\": \"first.txt\"}");
        assertEquals(DocStatus.FAILED, librarian.awaitFinished(FIRST_ID, Duration.ofSeconds(60)), inserted.body());
        LibraryStores stores = librarian.context().getRegistry().lookupByNameAndType("stores", LibraryStores.class);
        assertTrue(stores.textChunks().keys().stream().anyMatch(k -> k.startsWith(FIRST_ID)), "chunked before failing");

        deleteAndWait(FIRST_ID);
        assertTrue(stores.textChunks().keys().stream().noneMatch(k -> k.startsWith(FIRST_ID)), "its chunks are gone");
        assertFalse(stores.fullDocs().contains(FIRST_ID), "its text is gone");

        insertAndWait("first.txt", FIRST);
        assertTrue(GraphmlStore.read(tmp.resolve("cache/graph_chunk_entity_relation.graphml")).entity("Moscow")
                .isPresent(), "sent again, it is indexed as a new document");
    }

    @Test
    void should_reuse_a_cached_summary_of_the_remaining_fragments_and_else_join_them_without_asking_the_llm()
            throws Exception {
        // every description of two fragments or more is summarised; the second book names Anna in both its chunks
        Map<String, String> summarising = Map.of("FORCE_LLM_SUMMARY_ON_MERGE", "2", "CHUNK_SIZE", "16",
                "CHUNK_OVERLAP_SIZE", "0");
        Path clean = tmp.resolve("clean");
        librarian = start(clean.resolve("cache"), clean.resolve("inbox"), summarising);
        insertAndWait("second.txt", SECOND_TWO_CHUNKS);
        librarian.close();
        StoreSnapshot expected = StoreSnapshot.of(clean.resolve("cache"), DIM);
        String summary = expected.nodes().get("Anna").get(1);
        assertTrue(summary.startsWith("Summary:"), "the clean run summarised Anna: " + summary);

        // the second book first: the summary of its own fragments is in the cache when the first one is deleted
        Path cached = tmp.resolve("cached");
        librarian = start(cached.resolve("cache"), cached.resolve("inbox"), summarising);
        insertAndWait("second.txt", SECOND_TWO_CHUNKS);
        insertAndWait("first.txt", FIRST);
        int calls = ollama.chatCalls();
        deleteAndWait(FIRST_ID);
        assertEquals(calls, ollama.chatCalls(), "no LLM call");
        librarian.close();
        assertEquals(List.of(), StoreSnapshot.of(cached.resolve("cache"), DIM).differences(expected, 10));

        // the first book first: that summary was never written, so the remaining fragments are joined
        Path joined = tmp.resolve("joined");
        librarian = start(joined.resolve("cache"), joined.resolve("inbox"), summarising);
        insertAndWait("first.txt", FIRST);
        insertAndWait("second.txt", SECOND_TWO_CHUNKS);
        calls = ollama.chatCalls();
        deleteAndWait(FIRST_ID);
        assertEquals(calls, ollama.chatCalls(), "no LLM call");
        librarian.close();
        StoreSnapshot after = StoreSnapshot.of(joined.resolve("cache"), DIM);
        String description = after.nodes().get("Anna").get(1);
        assertEquals(2, description.split("<SEP>").length, "the second book's two fragments: " + description);
        assertFalse(description.contains("Moscow") || description.startsWith("Summary:"), description);
        assertEquals(expected.nodes().get("Anna").get(2), after.nodes().get("Anna").get(2), "same sources");
    }

    private void insertAndWait(String name, String text) throws Exception {
        HttpResponse<String> response = librarian.post("/documents/text",
                "{\"text\": \"" + text + "\", \"file_source\": \"" + name + "\"}");
        String id = json(response).get("doc_id").asText();
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(id, Duration.ofSeconds(60)), response.body());
    }

    private void deleteAndWait(String id) throws Exception {
        HttpResponse<String> response = delete("{\"doc_ids\": [\"" + id + "\"]}");
        assertEquals(200, response.statusCode(), response.body());
        RunningLibrarian.await(Duration.ofSeconds(30), () -> librarian.statusOf(id).isEmpty(), id + " deleted");
        librarian.exportMirror();
    }

    private RunningLibrarian start(Path cache, Path inbox, Map<String, String> overrides) throws Exception {
        Files.createDirectories(inbox);
        return RunningLibrarian.start(cache, inbox, ollama, overrides);
    }

    private static void drop(Path inbox, String name, String text) throws Exception {
        Path temp = inbox.resolve("." + name + ".part");
        Files.writeString(temp, text);
        Files.move(temp, inbox.resolve(name));
    }

    private HttpResponse<String> delete(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(librarian.url("/documents/delete_document")))
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The LLM cache keys the document's chunks list. */
    private static List<String> cacheKeysOf(Path cache, String docId) throws Exception {
        List<String> keys = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        JsonKvStore.open(cache.resolve("kv_store_text_chunks.json"), true).snapshot().forEach((id, rec) -> {
            if (docId.equals(rec.path("full_doc_id").asText())) {
                rec.path("llm_cache_list").forEach(k -> {
                    if (seen.add(k.asText())) {
                        keys.add(k.asText());
                    }
                });
            }
        });
        return keys;
    }
}
