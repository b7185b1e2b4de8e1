package dev.librarian.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.graph.GraphmlStore;
import dev.librarian.graph.KnowledgeGraph;
import dev.librarian.library.LibraryStores;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import dev.librarian.vector.NanoVectorStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A document sent again under its name with new content replaces the old version in graph and stores. */
class ReindexTest {

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
    private RunningLibrarian librarian;

    @AfterEach
    void stop() {
        librarian.close();
        ollama.close();
    }

    @Test
    void new_content_under_the_same_name_replaces_the_old_chunks_entities_and_vectors() throws Exception {
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama,
                Map.of("CHUNK_SIZE", "40", "CHUNK_OVERLAP_SIZE", "5"));
        String longer = "Варвара Петровна живёт в Твери. Варвара Петровна пишет письма Аркадию. "
                + "Аркадий учится в Петербурге. Аркадий дружит с Евгением. Евгений режет лягушек в Марьине. "
                + "Марьино стоит у реки. Фенечка живёт в Марьине. Николай Петрович любит Фенечку.";
        String docId = insert(longer);
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(60)));
        int chunksBefore = librarian.status().record(docId).orElseThrow().chunksCount();
        assertTrue(chunksBefore >= 3, "several chunks: " + chunksBefore);

        String shorter = "Варвара Петровна живёт в Твери.";
        assertEquals(docId, insert(shorter));
        RunningLibrarian.await(Duration.ofSeconds(60), () -> librarian.status().record(docId)
                .map(r -> Integer.valueOf(1).equals(r.chunksCount())
                        && "processed".equals(r.status())).orElse(false), "the new version is processed");
        librarian.exportMirror();

        LibraryStores stores = librarian.context().getRegistry().lookupByNameAndType("stores", LibraryStores.class);
        NanoVectorStore chunks = NanoVectorStore.open(tmp.resolve("cache/vdb_chunks.json"), 16, LibraryStores.CHUNK_META);
        assertEquals(1, chunks.size(), "only the new chunk has a vector: " + chunks.ids());
        assertEquals(1, stores.textChunks().size());
        KnowledgeGraph graph = GraphmlStore.read(tmp.resolve("cache/graph_chunk_entity_relation.graphml"));
        assertTrue(graph.entity("Варвара").isPresent(), graph.entities().toString());
        assertFalse(graph.entity("Фенечка").isPresent(), "entities only the old text named are gone");
        assertEquals(1, librarian.status().counts().get("processed"));
    }

    private String insert(String text) throws Exception {
        return json(librarian.post("/documents/text", "{\"text\": " + new ObjectMapper().valueToTree(text)
                + ", \"file_source\": \"note.txt\"}")).get("doc_id").asText();
    }
}
