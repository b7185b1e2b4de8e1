package dev.librarian.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.status.DocStatus;
import dev.librarian.library.LibraryStores;
import dev.librarian.store.JsonKvStore;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A document's progress while it is indexed: chunks done out of chunks total, its stage and an ETA in its status
 * record (and in the API answers), a progress line in the log, and the pipeline status with the documents in
 * flight, the queues and the LLM calls in flight.
 */
class ProgressTest {

    private static final int MAX_ASYNC_LLM = 2;
    private static final Pattern LINE = Pattern.compile(
            "^idiot\\.txt: (\\d+)/(\\d+) chunks \\((\\d+)%\\), (\\d+\\.\\d|\\?) chunks/s, ETA (\\d\\d:\\d\\d:\\d\\d|--:--:--)$");

    /** LightRAG's DocProcessingStatus fields. */
    private static final Set<String> LIGHTRAG_FIELDS = Set.of("status", "content_summary", "content_length",
            "created_at", "updated_at", "file_path", "track_id", "content_hash", "chunks_count", "chunks_list",
            "error_msg", "metadata");

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

    private void start(Map<String, String> overrides) throws Exception {
        Map<String, String> props = new HashMap<>(Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20",
                "MAX_ASYNC_LLM", String.valueOf(MAX_ASYNC_LLM), "PROGRESS_INTERVAL_MS", "100",
                "PROGRESS_SAVE_INTERVAL_MS", "400", "PROGRESS_LOG_INTERVAL_MS", "500"));
        props.putAll(overrides);
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama, props);
    }

    private String insert(String name, String text) throws Exception {
        return json(librarian.post("/documents/text", "{\"text\": " + new ObjectMapper().valueToTree(text)
                + ", \"file_source\": \"" + name + "\"}")).get("doc_id").asText();
    }

    @Test
    void should_show_chunks_done_stage_and_eta_while_extracting_and_log_a_progress_line() throws Exception {
        start(Map.of());
        List<String> stages = Collections.synchronizedList(new ArrayList<>());
        librarian.status().addListener((id, rec) -> {
            String stage = String.valueOf(rec.progress().stage());
            synchronized (stages) {
                if (stages.isEmpty() || !stages.get(stages.size() - 1).equals(stage)) {
                    stages.add(stage);
                }
            }
        });
        Path statusFile = tmp.resolve("cache").resolve("kv_store_doc_status.json");
        LibraryStores stores = librarian.context().getRegistry().lookupByNameAndType("stores", LibraryStores.class);
        List<JsonNode> seen = new ArrayList<>();
        Set<Integer> onDisk = new LinkedHashSet<>();

        String docId;
        try (LogCapture log = LogCapture.of(ProgressTracker.class)) {
            docId = insert("idiot.txt", Corpus.excerpt(Corpus.CHEKHOV, 20000, 10000));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (librarian.statusOf(docId).orElseThrow() != DocStatus.PROCESSED && System.nanoTime() < deadline) {
                JsonNode doc = json(librarian.get("/documents/track_status/" + trackId(docId))).get("documents").get(0);
                seen.add(doc);
                // what the store has committed (the status records in memory also hold unsaved progress)
                stores.docStatus().get(docId).ifPresent(r -> {
                    if (r.path("metadata").hasNonNull("chunks_done")) {
                        onDisk.add(r.path("metadata").get("chunks_done").asInt());
                    }
                });
                Thread.sleep(30);
            }
            assertEquals(DocStatus.PROCESSED, librarian.statusOf(docId).orElseThrow());

            List<Matcher> lines = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            for (LogCapture.Line line : log.lines()) {
                Matcher m = LINE.matcher(line.message());
                if (m.matches()) {
                    lines.add(m);
                    times.add(line.millis());
                }
            }
            assertTrue(lines.size() >= 2, "progress lines are logged while extracting: " + log.lines());
            for (int i = 1; i < times.size(); i++) {
                assertTrue(times.get(i) - times.get(i - 1) >= 450, "at most one line per interval: " + times);
            }
            Matcher last = lines.get(lines.size() - 1);
            int done = Integer.parseInt(last.group(1));
            int total = Integer.parseInt(last.group(2));
            assertEquals(done * 100 / total, Integer.parseInt(last.group(3)), last.group());
            assertTrue(lines.stream().anyMatch(m -> !m.group(5).startsWith("--")), "an ETA once the pace is known");
        }

        JsonNode fin = json(librarian.get("/documents/track_status/" + trackId(docId))).get("documents").get(0);
        int total = fin.get("chunks_count").asInt();
        assertTrue(total >= 8, "enough chunks to watch: " + total);
        assertEquals(total, fin.get("chunks_total").asInt(), fin.toString());
        assertEquals(total, fin.get("chunks_done").asInt(), "all chunks done once processed: " + fin);
        assertTrue(fin.get("stage").isNull() && fin.get("eta_seconds").isNull(), fin.toString());

        List<Integer> extracting = seen.stream().filter(d -> "extracting".equals(d.path("stage").asText()))
                .map(d -> d.get("chunks_done").asInt()).toList();
        assertTrue(extracting.stream().distinct().count() >= 3, "chunks_done grows while extracting: " + extracting);
        for (int i = 1; i < extracting.size(); i++) {
            assertTrue(extracting.get(i) >= extracting.get(i - 1), "never goes back: " + extracting);
        }
        assertTrue(seen.stream().anyMatch(d -> "extracting".equals(d.path("stage").asText())
                        && d.get("eta_seconds").isNumber() && d.get("eta_seconds").asDouble() > 0),
                "an ETA while extracting");
        assertEquals(List.of("chunking", "extracting", "merging", "embedding", "storing", "null"),
                stages.subList(stages.indexOf("chunking"), stages.size()), "stage sequence: " + stages);

        // the status file holds the figures, in the metadata (LightRAG rejects a record with a top-level key it does
        // not know), but the store is not written for every chunk
        librarian.exportMirror();
        JsonNode record = JsonKvStore.open(statusFile, false).get(docId).orElseThrow();
        Set<String> keys = new LinkedHashSet<>();
        record.fieldNames().forEachRemaining(keys::add);
        assertTrue(LIGHTRAG_FIELDS.containsAll(keys), "only LightRAG's fields at the top level: " + keys);
        JsonNode onDiskFinal = record.get("metadata");
        assertEquals(total, onDiskFinal.get("chunks_done").asInt());
        assertEquals(total, onDiskFinal.get("chunks_total").asInt());
        assertTrue(onDisk.size() > 1 && onDisk.size() < total / 2,
                "progress reaches the disk in a few throttled writes, not one per chunk: " + onDisk + " of " + total);
    }

    @Test
    void should_show_documents_in_flight_queues_and_llm_calls_in_the_pipeline_status() throws Exception {
        start(Map.of("MAX_PARALLEL_INSERT", "1"));
        String first = insert("first.txt", Corpus.excerpt(Corpus.TURGENEV, 10000, 4000));
        String second = insert("second.txt", Corpus.excerpt(Corpus.TURGENEV, 30000, 4000));

        int maxInFlight = 0;
        boolean sawDocQueued = false;
        boolean sawLlmQueued = false;
        boolean sawExtractingDoc = false;
        Set<String> messages = new LinkedHashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (librarian.statusOf(second).orElseThrow() != DocStatus.PROCESSED && System.nanoTime() < deadline) {
            JsonNode status = json(librarian.get("/documents/pipeline_status"));
            assertEquals(MAX_ASYNC_LLM, status.get("max_async_llm").asInt());
            int inFlight = status.get("llm_in_flight").asInt();
            assertTrue(inFlight <= MAX_ASYNC_LLM, "LLM calls in flight never exceed MAX_ASYNC_LLM: " + status);
            maxInFlight = Math.max(maxInFlight, inFlight);
            JsonNode queues = status.get("queue_depths");
            assertNotNull(queues.get("merge"), status.toString());
            sawDocQueued |= queues.get("documents").asInt() > 0;
            sawLlmQueued |= queues.get("llm_calls").asInt() > 0;
            for (JsonNode doc : status.get("documents_in_flight")) {
                if ("extracting".equals(doc.path("stage").asText()) && doc.get("chunks_total").asInt() > 0) {
                    sawExtractingDoc = true;
                }
            }
            assertTrue(status.has("busy") && status.has("job_name") && status.has("history_messages"));
            messages.add(status.get("latest_message").asText());
            Thread.sleep(25);
        }
        assertEquals(DocStatus.PROCESSED, librarian.statusOf(first).orElseThrow());
        assertEquals(DocStatus.PROCESSED, librarian.statusOf(second).orElseThrow());
        assertEquals(MAX_ASYNC_LLM, maxInFlight, "the LLM slots are used");
        assertTrue(sawDocQueued, "the second document waits in the documents queue");
        assertTrue(sawLlmQueued, "extraction calls wait in the llm-calls queue");
        assertTrue(sawExtractingDoc, "a document in flight with its figures");
        assertTrue(messages.stream().anyMatch(m -> m.matches("first\\.txt: \\d+/\\d+ chunks .*")), messages.toString());

        RunningLibrarian.await(Duration.ofSeconds(5), () -> pipelineStatus().get("documents_in_flight").isEmpty(),
                "no document in flight once both are processed");
        JsonNode idle = pipelineStatus();
        assertEquals("second.txt: processed", idle.get("latest_message").asText(), idle.toString());
        assertFalse(idle.get("busy").asBoolean(), idle.toString());
    }

    private JsonNode pipelineStatus() {
        try {
            return json(librarian.get("/documents/pipeline_status"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String trackId(String docId) {
        return librarian.status().record(docId).orElseThrow().trackId();
    }
}
