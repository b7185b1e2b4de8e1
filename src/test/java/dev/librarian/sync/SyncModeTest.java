package dev.librarian.sync;

import dev.librarian.graph.GraphmlStore;
import dev.librarian.graph.KnowledgeGraph;
import dev.librarian.intake.DocumentIds;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** INPUT_MODE=sync: the folder is the library; the index follows what is added, changed and removed there. */
class SyncModeTest {

    private static final int DIM = 16;
    private static final String FIRST_ID = "doc-" + DocumentIds.md5Hex("first.txt");
    private static final String SECOND_ID = "doc-" + DocumentIds.md5Hex("second.txt");

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(DIM));
    private RunningLibrarian librarian;

    @AfterEach
    void stop() {
        if (librarian != null) {
            librarian.close();
        }
        ollama.close();
    }

    @Test
    void should_index_new_files_in_place_reindex_changed_ones_and_delete_removed_ones() throws Exception {
        Path cache = tmp.resolve("cache");
        Path library = tmp.resolve("library");
        Files.createDirectories(library);
        librarian = RunningLibrarian.start(cache, library, ollama, Map.of("INPUT_MODE", "sync",
                "SYNC_POLL_MS", "100", "SYNC_DELETE_SCAN_MS", "200"));
        assertNull(librarian.context().getRoute("inbox"), "the drop-folder route is not loaded in sync mode");

        write(library.resolve("first.txt"), "Anna and Clara live in Moscow. Boris visits them there every winter.");
        write(library.resolve("second.txt"), "Anna and Clara travel to Tver by train in the spring.");
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(FIRST_ID, Duration.ofSeconds(60)));
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(SECOND_ID, Duration.ofSeconds(60)));
        assertTrue(Files.exists(library.resolve("first.txt")) && Files.exists(library.resolve("second.txt")),
                "the files stay where they are");
        assertFalse(Files.exists(library.resolve(".done")), "nothing is moved to .done");
        assertTrue(graph(cache).entity("Moscow").isPresent());

        String firstHash = librarian.status().record(FIRST_ID).orElseThrow().contentHash();
        write(library.resolve("first.txt"), "Anna and Clara live in Kazan. Boris visits them there every winter.");
        RunningLibrarian.await(Duration.ofSeconds(60), () -> librarian.status().record(FIRST_ID)
                .filter(r -> !r.contentHash().equals(firstHash))
                .map(r -> "processed".equals(r.status())).orElse(false), "the changed file is re-indexed");
        RunningLibrarian.await(Duration.ofSeconds(10), () -> graph(cache).entity("Kazan").isPresent(),
                "the new content is in the graph");
        assertFalse(graph(cache).entity("Moscow").isPresent(), "the old content is not");

        int chatCalls = ollama.chatCalls();
        // moved out of the library (a move keeps size and modification time)
        Files.move(library.resolve("first.txt"), tmp.resolve("first.txt"));
        RunningLibrarian.await(Duration.ofSeconds(30), () -> librarian.statusOf(FIRST_ID).isEmpty(),
                "the removed file's document is deleted");
        KnowledgeGraph graph = graph(cache);
        assertFalse(graph.entity("Kazan").isPresent(), "its own entities are gone");
        assertFalse(graph.entity("Boris").isPresent());
        assertEquals(SECOND_ID + "-chunk-000", graph.entity("Anna").orElseThrow().sourceId(),
                "a shared entity keeps the other document's source only");
        assertEquals(DocStatus.PROCESSED, librarian.statusOf(SECOND_ID).orElseThrow());
        assertTrue(Files.exists(library.resolve("second.txt")));
        assertEquals(chatCalls, ollama.chatCalls(), "the deletion made no LLM call");

        Files.move(tmp.resolve("first.txt"), library.resolve("first.txt"));
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(FIRST_ID, Duration.ofSeconds(60)),
                "a file put back unchanged is indexed again");
        RunningLibrarian.await(Duration.ofSeconds(10), () -> graph(cache).entity("Kazan").isPresent(),
                "its entities are back");
    }

    @Test
    void should_record_a_file_that_cannot_be_indexed_once_and_not_read_it_again_until_it_changes() throws Exception {
        Path library = tmp.resolve("library");
        Files.createDirectories(library);
        librarian = RunningLibrarian.start(tmp.resolve("cache"), library, ollama, Map.of("INPUT_MODE", "sync",
                "SYNC_POLL_MS", "100", "SYNC_DELETE_SCAN_MS", "200"));
        String emptyId = "doc-" + DocumentIds.md5Hex("empty.txt");
        NotifyBuilder reads = new NotifyBuilder(librarian.context()).fromRoute("library-files").whenDone(2).create();
        Files.createFile(library.resolve("empty.txt"));
        assertEquals(DocStatus.FAILED, librarian.awaitFinished(emptyId, Duration.ofSeconds(30)));
        assertFalse(reads.matches(2, TimeUnit.SECONDS), "the rejected file is not read again on every poll");
        assertTrue(Files.exists(library.resolve("empty.txt")), "and stays where it is");

        write(library.resolve("empty.txt"), "Anna has written something at last.");
        RunningLibrarian.await(Duration.ofSeconds(30), () -> librarian.statusOf(emptyId)
                .filter(s -> s == DocStatus.PROCESSED).isPresent(), "once it changes it is read again and indexed");
    }

    /** Writes through a hidden temp file, as editors do. */
    private static void write(Path file, String text) throws Exception {
        Path temp = file.resolveSibling("." + file.getFileName() + ".part");
        Files.writeString(temp, text);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The graph file, written from the store first (the mirror would write it by itself once indexing is quiet). */
    private KnowledgeGraph graph(Path cache) {
        librarian.exportMirror();
        try {
            return GraphmlStore.read(cache.resolve("graph_chunk_entity_relation.graphml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
