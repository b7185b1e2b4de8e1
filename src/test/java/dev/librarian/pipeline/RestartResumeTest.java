package dev.librarian.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.status.DocStatus;
import dev.librarian.store.JsonKvStore;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.FakeOllama.Kind;
import dev.librarian.testing.RunningLibrarian;
import dev.librarian.testing.StoreSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stopping the service in the middle of a document loses nothing: the next start resumes the document, reuses
 * every LLM answer that reached the LLM cache (or its journal), and ends with exactly the stores of a run without
 * the stop.
 */
class RestartResumeTest {

    private static final int DIM = 16;
    private static final int MAX_ASYNC_LLM = 4;
    private static final List<String> NAMES = List.of("ward-1.txt", "ward-2.txt");
    private static final List<String> TEXTS = List.of(
            Corpus.excerpt(Corpus.CHEKHOV, 31000, 3000),
            Corpus.excerpt(Corpus.CHEKHOV, 63000, 3000));

    /** A second of graceful shutdown, then the routes are forced down. */
    private static final Map<String, String> SHORT_GRACE = Map.of("camel.main.shutdown-timeout", "1",
            "camel.main.shutdown-now-on-timeout", "true");
    private static final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(DIM))
            .chatLatency(Duration.ofMillis(100));

    /** The uninterrupted run every scenario is compared with. */
    @TempDir
    static Path cleanRoot;
    private static Path cleanDir;
    private static List<String> ids;
    private static int cleanExtractionCalls;

    @TempDir
    Path tmp;
    private RunningLibrarian librarian;

    @BeforeAll
    static void cleanRun() throws Exception {
        cleanDir = cleanRoot.resolve("cache");
        try (RunningLibrarian clean = start(cleanDir, cleanRoot.resolve("inbox"), Map.of())) {
            ids = insertAll(clean);
            for (String id : ids) {
                assertEquals(DocStatus.PROCESSED, clean.awaitFinished(id, Duration.ofSeconds(60)));
            }
        }
        cleanExtractionCalls = extractionCalls();
        ollama.reset();
    }

    @AfterAll
    static void closeFake() {
        ollama.close();
    }

    @AfterEach
    void stop() {
        if (librarian != null) {
            librarian.close();
        }
        ollama.chatLatency(Duration.ofMillis(100)).reset();
    }

    @Test
    void should_resume_documents_cut_off_mid_extraction_and_end_with_the_stores_of_an_uninterrupted_run()
            throws Exception {
        Path dir = tmp.resolve("cache");
        Path inbox = tmp.resolve("inbox");
        librarian = start(dir, inbox, SHORT_GRACE);
        assertEquals(ids, insertAll(librarian));
        RunningLibrarian.await(Duration.ofSeconds(30), () -> ollama.chatCalls() >= 5, "five LLM answers");
        for (String id : ids) {
            assertTrue(librarian.statusOf(id).orElseThrow() != DocStatus.PROCESSED, "stopped before " + id + " finished");
        }
        stopAbruptly();

        Map<String, String> statusAfterStop = statuses(dir);
        for (String id : ids) {
            assertTrue(List.of("pending", "processing").contains(statusAfterStop.get(id)),
                    id + " is left to resume, not " + statusAfterStop.get(id));
        }
        resumeAndCompare(dir, inbox, Map.of());
    }

    @Test
    void should_resume_the_second_document_on_top_of_the_first_one_rebuilt_from_the_cache() throws Exception {
        Path dir = tmp.resolve("cache");
        Path inbox = tmp.resolve("inbox");
        // one document at a time, so the stop falls between a finished document and an unfinished one
        Map<String, String> oneAtATime = Map.of("MAX_PARALLEL_INSERT", "1");
        Map<String, String> settings = new HashMap<>(SHORT_GRACE);
        settings.putAll(oneAtATime);
        librarian = start(dir, inbox, settings);
        assertEquals(ids, insertAll(librarian));
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(ids.get(0), Duration.ofSeconds(60)));
        int afterFirst = ollama.chatCalls();
        RunningLibrarian.await(Duration.ofSeconds(30), () -> ollama.chatCalls() >= afterFirst + 3,
                "three LLM answers for the second document");
        assertTrue(librarian.statusOf(ids.get(1)).orElseThrow() != DocStatus.PROCESSED, "stopped before it finished");
        stopAbruptly();

        Map<String, String> statusAfterStop = statuses(dir);
        assertEquals("processed", statusAfterStop.get(ids.get(0)));
        assertEquals("processing", statusAfterStop.get(ids.get(1)));
        resumeAndCompare(dir, inbox, oneAtATime);
    }

    /**
     * Stops the app with calls in flight: calls that start during the second of grace outlast it, so the graceful
     * part cannot finish the documents.
     */
    private void stopAbruptly() {
        ollama.chatLatency(Duration.ofMillis(1500));
        // threads parked on cut-off LLM calls are only interrupted after this wait (Camel's default: 10 s)
        librarian.context().getExecutorServiceManager().setShutdownAwaitTermination(1000);
        librarian.close();
        librarian = null;
        RunningLibrarian.await(Duration.ofSeconds(10), () -> ollama.inFlightChat() == 0,
                "calls cut off by the stop are answered");
        ollama.chatLatency(Duration.ofMillis(100));
    }

    /** Starts again on the same directories, waits for both documents, compares with the clean run. */
    private void resumeAndCompare(Path dir, Path inbox, Map<String, String> settings) throws Exception {
        // answered before the stop, or cut off by it (answered by the fake after the app stopped listening)
        int interruptedCalls = extractionCalls();
        int cachedExtractions = cachedExtractionKeys(dir).size();
        assertTrue(interruptedCalls - cachedExtractions <= MAX_ASYNC_LLM, "only answers cut off in flight are lost: "
                + interruptedCalls + " answered, " + cachedExtractions + " kept");
        ollama.reset();

        librarian = start(dir, inbox, settings);
        for (String id : ids) {
            assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(id, Duration.ofSeconds(60)),
                    () -> librarian.status().record(id).toString());
        }
        librarian.close();
        librarian = null;
        int resumedCalls = extractionCalls();

        List<String> differences = StoreSnapshot.of(dir, DIM).differences(StoreSnapshot.of(cleanDir, DIM), 10);
        assertTrue(differences.isEmpty(), "resumed stores differ from a clean run's:\n" + String.join("\n", differences));
        assertEquals(List.of(), StoreSnapshot.tempFiles(dir), "no temp file is left behind");
        assertEquals(cleanExtractionCalls - cachedExtractions, resumedCalls,
                "every extraction answer kept before the stop is reused after it");
        assertTrue(interruptedCalls + resumedCalls <= cleanExtractionCalls + MAX_ASYNC_LLM,
                "at most the calls in flight at the stop are repeated: " + interruptedCalls + " + " + resumedCalls
                        + " vs " + cleanExtractionCalls);
    }

    private static RunningLibrarian start(Path dir, Path inbox, Map<String, String> extra) throws Exception {
        Map<String, String> props = new HashMap<>(Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20",
                "MAX_ASYNC_LLM", String.valueOf(MAX_ASYNC_LLM), "MAX_PARALLEL_INSERT", "2"));
        props.putAll(extra);
        return RunningLibrarian.start(dir, inbox, ollama, props);
    }

    private static List<String> insertAll(RunningLibrarian librarian) throws Exception {
        List<String> docIds = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            JsonNode answer = json(librarian.post("/documents/text", "{\"text\": "
                    + new ObjectMapper().valueToTree(TEXTS.get(i)) + ", \"file_source\": \"" + NAMES.get(i) + "\"}"));
            docIds.add(answer.get("doc_id").asText());
        }
        return docIds;
    }

    private static int extractionCalls() {
        return ollama.chatCalls(Kind.EXTRACTION) + ollama.chatCalls(Kind.GLEANING);
    }

    private static Map<String, String> statuses(Path dir) throws IOException {
        Map<String, String> out = new HashMap<>();
        JsonKvStore.open(dir.resolve("kv_store_doc_status.json"), false).snapshot()
                .forEach((id, rec) -> out.put(id, rec.path("status").asText()));
        return out;
    }

    /** Extraction answers on disk after the stop: in the cache file or still in its journal. */
    private static Set<String> cachedExtractionKeys(Path dir) throws IOException {
        Set<String> keys = new HashSet<>(JsonKvStore.open(dir.resolve("kv_store_llm_response_cache.json"), true).keys());
        for (String journal : List.of("librarian_llm_cache.journal", "librarian_llm_cache.journal.old")) {
            Path file = dir.resolve(journal);
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    try {
                        keys.add(new ObjectMapper().readTree(line).path("key").asText());
                    } catch (IOException torn) {
                        // a line cut short by the stop is not an answer
                    }
                }
            }
        }
        keys.removeIf(k -> !k.startsWith("default:extract:"));
        return keys;
    }
}
