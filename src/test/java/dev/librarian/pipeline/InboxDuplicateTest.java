package dev.librarian.pipeline;

import dev.librarian.graph.GraphmlStore;
import dev.librarian.graph.RelationEdge;
import dev.librarian.intake.DocumentIds;
import dev.librarian.model.Separators;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.FakeOllama.Kind;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same book dropped into the inbox twice is indexed once; a copy under another name is another document. */
class InboxDuplicateTest {

    @TempDir
    Path tmp;
    private FakeOllama ollama;
    private RunningLibrarian librarian;
    private Path inbox;

    @BeforeEach
    void start() throws Exception {
        ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
        inbox = tmp.resolve("inbox");
        Files.createDirectories(inbox);
        librarian = RunningLibrarian.start(tmp.resolve("cache"), inbox, ollama,
                Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20"));
    }

    @AfterEach
    void stop() {
        librarian.close();
        ollama.close();
    }

    @Test
    void should_skip_the_same_file_dropped_again_without_any_ollama_call() throws Exception {
        String text = Corpus.excerpt(Corpus.CHEKHOV, 10000, 1200);
        String docId = indexDropped("палата.txt", text);
        int chats = ollama.chatCalls();
        int embeds = ollama.embedRequests();
        String updatedAt = librarian.status().record(docId).orElseThrow().updatedAt();

        Files.writeString(inbox.resolve("палата.txt"), text);

        RunningLibrarian.await(Duration.ofSeconds(20), () -> !Files.exists(inbox.resolve("палата.txt")),
                "the dropped copy leaves the inbox");
        assertTrue(Files.exists(inbox.resolve(".done/палата.txt")), "it is filed with the done ones");
        assertFalse(Files.exists(inbox.resolve(".failed/палата.txt")), "a duplicate is not a failure");
        assertEquals(chats, ollama.chatCalls(), "no LLM call for a known book");
        assertEquals(embeds, ollama.embedRequests(), "no embedding for a known book");
        assertEquals(DocStatus.PROCESSED, librarian.statusOf(docId).orElseThrow());
        assertEquals(updatedAt, librarian.status().record(docId).orElseThrow().updatedAt(),
                "the status record is untouched");
    }

    @Test
    void should_record_the_same_content_under_another_name_as_a_duplicate_and_index_nothing() throws Exception {
        String text = Corpus.excerpt(Corpus.CHEKHOV, 10000, 1200);
        String first = indexDropped("палата.txt", text);
        RelationEdge before = GraphmlStore.read(tmp.resolve("cache/graph_chunk_entity_relation.graphml"))
                .relations().get(0);
        ollama.reset();

        Files.writeString(inbox.resolve("палата-копия.txt"), text);
        RunningLibrarian.await(Duration.ofSeconds(20), () -> librarian.status().all().keySet().stream()
                .anyMatch(id -> id.startsWith("dup-")), "the copy is recorded");
        RunningLibrarian.await(Duration.ofSeconds(10), () -> !Files.exists(inbox.resolve("палата-копия.txt")),
                "the copy leaves the inbox");

        var duplicate = librarian.status().all().entrySet().stream()
                .filter(e -> e.getKey().startsWith("dup-")).findFirst().orElseThrow().getValue();
        assertEquals("failed", duplicate.status());
        assertEquals(first, duplicate.metadataText("original_doc_id").orElseThrow());
        assertTrue(duplicate.errorMsg().contains("same content as палата.txt"), duplicate.toString());
        assertTrue(librarian.statusOf("doc-" + DocumentIds.md5Hex("палата-копия.txt")).isEmpty(),
                "no document is made of the copy (LightRAG's content_hash check)");
        assertEquals(0, ollama.chatCalls());
        assertEquals(0, ollama.embedRequests());
        RelationEdge after = GraphmlStore.read(tmp.resolve("cache/graph_chunk_entity_relation.graphml"))
                .relation(before.source(), before.target()).orElseThrow();
        assertEquals(before.weight(), after.weight(), "the copy does not count twice");
        assertEquals("палата.txt", after.filePath());
    }

    private String indexDropped(String name, String text) throws Exception {
        Files.writeString(inbox.resolve(name), text);
        String docId = "doc-" + DocumentIds.md5Hex(name);
        RunningLibrarian.await(Duration.ofSeconds(20), () -> librarian.statusOf(docId).isPresent(), name + " seen");
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(60)));
        RunningLibrarian.await(Duration.ofSeconds(10), () -> !Files.exists(inbox.resolve(name)),
                name + " leaves the inbox");
        return docId;
    }
}
