package dev.librarian.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stop does not work through the queue of accepted documents (Ctrl-C with a folder of books queued would otherwise
 * take until the shutdown timeout and then cut the LightRAG mirror's export short): the documents not yet started
 * stay pending in the store and are indexed after the next start.
 */
class StopWithQueueTest {

    private static final int DOCUMENTS = 16;
    private static final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16))
            .chatLatency(Duration.ofMillis(300));

    @TempDir
    Path tmp;

    @AfterAll
    static void closeFake() {
        ollama.close();
    }

    @Test
    void queued_documents_do_not_hold_up_the_stop_and_are_indexed_after_the_next_start() throws Exception {
        Path dir = tmp.resolve("cache");
        Path inbox = tmp.resolve("inbox");
        // one document at a time and the default shutdown timeout (20 s): the queue alone would outlast it
        Map<String, String> settings = Map.of("MAX_PARALLEL_INSERT", "1", "CHUNK_SIZE", "200");
        List<String> ids = new ArrayList<>();
        RunningLibrarian librarian = RunningLibrarian.start(dir, inbox, ollama, settings);
        try {
            for (int i = 0; i < DOCUMENTS; i++) {
                String text = "Note " + i + ". " + Corpus.excerpt(Corpus.CHEKHOV, 5000 + i * 1500, 1200);
                ids.add(json(librarian.post("/documents/text", "{\"text\": "
                        + new ObjectMapper().valueToTree(text) + ", \"file_source\": \"note-" + i + ".txt\"}"))
                        .get("doc_id").asText());
            }
            assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(ids.get(0), Duration.ofSeconds(60)));
        } finally {
            long stopping = System.nanoTime();
            librarian.close();
            double seconds = (System.nanoTime() - stopping) / 1e9;
            assertTrue(seconds < 10, "the stop took " + seconds + " s with documents queued");
        }

        RunningLibrarian again = RunningLibrarian.start(dir, inbox, ollama, settings);
        try {
            for (String id : ids) {
                assertEquals(DocStatus.PROCESSED, again.awaitFinished(id, Duration.ofSeconds(120)),
                        () -> again.status().record(id).toString());
            }
        } finally {
            again.close();
        }
    }
}
