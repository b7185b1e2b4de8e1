package dev.librarian.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.StoreRows;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A document cut off by a stop keeps its figures in its status record; at the next start its
 * {@code chunks_done} counts every chunk whose extraction reached the LLM cache before the stop.
 */
class ProgressAfterRestartTest {

    private static final Map<String, String> SETTINGS = Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20",
            "MAX_ASYNC_LLM", "2", "PROGRESS_INTERVAL_MS", "100", "PROGRESS_SAVE_INTERVAL_MS", "300",
            // a second of graceful shutdown, then the routes are forced down
            "camel.main.shutdown-timeout", "1", "camel.main.shutdown-now-on-timeout", "true");

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16))
            .chatLatency(Duration.ofMillis(100));
    private RunningLibrarian librarian;

    @AfterEach
    void stop() {
        if (librarian != null) {
            librarian.close();
        }
        ollama.close();
    }

    @Test
    void should_keep_the_figures_over_a_forced_restart_and_count_the_cached_chunks() throws Exception {
        Path dir = tmp.resolve("cache");
        librarian = RunningLibrarian.start(dir, tmp.resolve("inbox"), ollama, SETTINGS);
        String docId = json(librarian.post("/documents/text", "{\"text\": "
                + new ObjectMapper().valueToTree(Corpus.excerpt(Corpus.TURGENEV, 50000, 8000))
                + ", \"file_source\": \"fathers.txt\"}")).get("doc_id").asText();
        RunningLibrarian.await(Duration.ofSeconds(30), () -> figures(docId).path("chunks_done").asInt() >= 4,
                "four chunks extracted");

        // stop with calls in flight that outlast the grace period
        ollama.chatLatency(Duration.ofMillis(1500));
        librarian.context().getExecutorServiceManager().setShutdownAwaitTermination(1000);
        librarian.close();
        librarian = null;
        RunningLibrarian.await(Duration.ofSeconds(10), () -> ollama.inFlightChat() == 0, "cut-off calls answered");

        // what the store kept (the mirror file is written from it at the stop as well)
        JsonNode stopped = StoreRows.kv(dir, "doc_status").get(docId);
        assertEquals("processing", stopped.get("status").asText());
        int total = stopped.get("chunks_count").asInt();
        JsonNode onDisk = stopped.get("metadata");
        assertEquals(total, onDisk.get("chunks_total").asInt(), stopped.toString());
        assertTrue(onDisk.get("chunks_done").asInt() >= 4, "the figures survive the stop: " + onDisk);
        int cached = chunksWithCachedExtraction(dir, docId);
        assertTrue(cached >= onDisk.get("chunks_done").asInt() && cached < total, cached + " of " + total);

        // no new answer for the first seconds after the start: what is done comes from the cache
        ollama.chatLatency(Duration.ofSeconds(3));
        librarian = RunningLibrarian.start(dir, tmp.resolve("inbox"), ollama, SETTINGS);
        RunningLibrarian.await(Duration.ofSeconds(3), () -> "extracting".equals(figures(docId).path("stage").asText()),
                "the resumed document is extracting");
        JsonNode resumed = figures(docId);
        assertEquals(cached, resumed.get("chunks_done").asInt(), "chunks already in the LLM cache: " + resumed);
        assertEquals(total, resumed.get("chunks_total").asInt());

        ollama.chatLatency(Duration.ofMillis(50));
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(60)));
        RunningLibrarian.await(Duration.ofSeconds(2), () -> figures(docId).path("chunks_done").asInt() == total,
                "every chunk done");
    }

    /** The document as {@code GET /documents/track_status} shows it. */
    private JsonNode figures(String docId) {
        try {
            String trackId = librarian.status().record(docId).orElseThrow().trackId();
            for (JsonNode doc : json(librarian.get("/documents/track_status/" + trackId)).get("documents")) {
                if (docId.equals(doc.get("id").asText())) {
                    return doc;
                }
            }
            throw new AssertionError(docId + " is not listed");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Chunks of the document with both answers (extraction and gleaning) in the store's LLM cache. */
    private static int chunksWithCachedExtraction(Path dir, String docId) {
        Map<String, Integer> answers = new HashMap<>();
        StoreRows.kv(dir, "llm_response_cache").values().forEach(entry -> {
            String chunk = entry.path("chunk_id").asText("");
            if ("extract".equals(entry.path("cache_type").asText()) && chunk.startsWith(docId)) {
                answers.merge(chunk, 1, Integer::sum);
            }
        });
        return (int) answers.values().stream().filter(n -> n >= 2).count();
    }
}
