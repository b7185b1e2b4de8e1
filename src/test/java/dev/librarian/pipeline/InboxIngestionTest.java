package dev.librarian.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.graph.GraphmlStore;
import dev.librarian.graph.KnowledgeGraph;
import dev.librarian.intake.DocumentIds;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A book dropped into the inbox ends up processed, in the graph and in every vector store. */
class InboxIngestionTest {

    @TempDir
    Path tmp;
    private FakeOllama ollama;
    private RunningLibrarian librarian;
    private Path cache;
    private Path inbox;

    @BeforeEach
    void start() throws Exception {
        ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(32));
        cache = tmp.resolve("cache");
        inbox = tmp.resolve("inbox");
        Files.createDirectories(inbox);
        librarian = RunningLibrarian.start(cache, inbox, ollama, Map.of("CHUNK_SIZE", "300", "CHUNK_OVERLAP_SIZE", "30"));
    }

    @AfterEach
    void stop() {
        librarian.close();
        ollama.close();
    }

    @Test
    void should_index_a_dropped_book_into_graph_and_vector_stores() throws Exception {
        String text = Corpus.excerpt(Corpus.CHEKHOV, 0, 6000);
        Files.writeString(inbox.resolve("палата.txt"), text);
        String docId = "doc-" + DocumentIds.md5Hex("палата.txt");

        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(60)),
                () -> "status record: " + librarian.status().record(docId));

        KnowledgeGraph graph = GraphmlStore.read(cache.resolve("graph_chunk_entity_relation.graphml"));
        assertTrue(graph.entity("Громов").isPresent(), "the book's characters are graph nodes");
        assertTrue(graph.relation("Громов", "Дмитрич").isPresent() || graph.relation("Дмитрич", "Громов").isPresent(),
                "characters named together are related");
        assertTrue(graph.relationCount() > 0);

        ObjectMapper json = new ObjectMapper();
        JsonNode entities = json.readTree(cache.resolve("vdb_entities.json").toFile());
        JsonNode chunks = json.readTree(cache.resolve("vdb_chunks.json").toFile());
        JsonNode relations = json.readTree(cache.resolve("vdb_relationships.json").toFile());
        assertEquals(graph.entityCount(), entities.get("data").size());
        assertEquals(graph.relationCount(), relations.get("data").size());
        JsonNode status = json.readTree(cache.resolve("kv_store_doc_status.json").toFile()).get(docId);
        assertEquals(status.get("chunks_count").asInt(), chunks.get("data").size());
        assertEquals("processed", status.get("status").asText());
        assertTrue(Files.exists(inbox.resolve(".done").resolve("палата.txt")), "the original left the inbox");
        assertFalse(Files.exists(inbox.resolve("палата.txt")));
        assertTrue(ollama.embedRequests() * 10 <= ollama.embedInputs(), "embeddings are batched");
    }

    @Test
    void should_decode_windows_1251_files() throws Exception {
        String text = Corpus.excerpt(Corpus.CHEKHOV, 0, 1500);
        Files.write(inbox.resolve("cp1251.txt"), text.getBytes(Charset.forName("windows-1251")));
        String docId = "doc-" + DocumentIds.md5Hex("cp1251.txt");

        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(60)));
        String stored = new ObjectMapper().readTree(cache.resolve("kv_store_full_docs.json").toFile())
                .get(docId).get("content").asText();
        assertEquals(text, stored);
    }

    @Test
    void should_move_a_book_whose_indexing_failed_to_failed_with_the_reason_in_its_status() throws Exception {
        ollama.failNext(1, 400);
        Files.writeString(inbox.resolve("refused.txt"), "Иван Петрович живёт в Москве.");
        String docId = "doc-" + DocumentIds.md5Hex("refused.txt");

        assertEquals(DocStatus.FAILED, librarian.awaitFinished(docId, Duration.ofSeconds(30)));
        assertTrue(librarian.status().record(docId).orElseThrow().errorMsg().contains("HTTP 400"));
        RunningLibrarian.await(Duration.ofSeconds(10), () -> Files.exists(inbox.resolve(".failed").resolve("refused.txt")),
                "the original moved to .failed");
        assertFalse(Files.exists(inbox.resolve(".done").resolve("refused.txt")));
    }

    @Test
    void should_fail_a_binary_file_with_a_reason_and_move_it_to_failed() throws Exception {
        Files.write(inbox.resolve("scan.txt"), "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj".getBytes(StandardCharsets.ISO_8859_1));
        String docId = "doc-" + DocumentIds.md5Hex("scan.txt");

        assertEquals(DocStatus.FAILED, librarian.awaitFinished(docId, Duration.ofSeconds(30)));
        String reason = librarian.status().record(docId).orElseThrow().errorMsg();
        assertTrue(reason.contains("unsupported content"), reason);
        RunningLibrarian.await(Duration.ofSeconds(10), () -> Files.exists(inbox.resolve(".failed").resolve("scan.txt")),
                "binary file moved to .failed");
        assertEquals(0, ollama.chatCalls());
    }
}
