package dev.librarian.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.intake.DocumentIds;
import dev.librarian.metrics.LibrarianMetrics;
import dev.librarian.status.DocStatus;
import dev.librarian.status.DocStatusRecord;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Ingests a folder through the real service (inbox route and all) against the fake Ollama with a given latency
 * and parallel cap, and prints wall time, LLM calls by kind, the ideal time {@code calls × latency / parallel},
 * utilisation (ideal / wall), embedding requests per input and peak heap, with a progress bar on stderr while it
 * runs; writes every figure with the settings and the machine to a JSON file. Run it with {@code bench/ingest}.
 */
public final class IngestBenchmark {

    public static void main(String[] args) throws Exception {
        BenchOptions opts = new BenchOptions(args);
        Path dir = Path.of(opts.text("dir", "src/test/resources/corpus"));
        int latencyMs = opts.integer("latency-ms", 200);
        int parallel = opts.integer("parallel", 4);
        int embedLatencyMs = opts.integer("embed-latency-ms", 20);
        String parallelInsert = opts.text("max-parallel-insert", "3");
        String pattern = opts.text("files", ".*\\.txt");
        Path resultFile = BenchResultFile.choose(opts, "ingest");
        boolean progressBar = IngestProgress.wanted(opts.text("progress", "auto"));
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.toLevel(opts.text("log-level", "WARN")));

        List<Path> books;
        try (Stream<Path> files = Files.list(dir)) {
            books = files.filter(p -> p.getFileName().toString().matches(pattern)).sorted().toList();
        }
        long bytes = 0;
        for (Path b : books) {
            bytes += Files.size(b);
        }
        Path work = Files.createTempDirectory("librarian-bench");
        Path inbox = work.resolve("inbox");
        Files.createDirectories(inbox);

        BenchMachine machine = BenchMachine.current();
        System.out.println(machine.line());
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("benchmark", "ingest")
                .put("started_at", OffsetDateTime.now().toString());
        result.set("machine", machine.json());
        ObjectNode settings = result.putObject("settings").put("dir", dir.toString()).put("files", pattern)
                .put("books", books.size()).put("bytes", bytes).put("chat_latency_ms", latencyMs)
                .put("parallel", parallel).put("embed_latency_ms", embedLatencyMs)
                .put("max_parallel_insert", Integer.parseInt(parallelInsert));

        HeapSampler heap = new HeapSampler();
        heap.start();
        try (FakeOllama ollama = FakeOllama.start()) {
            ollama.chatLatency(Duration.ofMillis(latencyMs)).embedLatency(Duration.ofMillis(embedLatencyMs))
                    .maxParallel(parallel, false);
            Map<String, String> props = new HashMap<>();
            props.put("MAX_ASYNC_LLM", String.valueOf(parallel));
            props.put("MAX_PARALLEL_INSERT", parallelInsert);
            props.put("LLM_TIMEOUT", "60");
            try (RunningLibrarian librarian = RunningLibrarian.start(work.resolve("cache"), inbox, ollama, props)) {
                System.out.printf(Locale.ROOT, "Ingesting %d files (%,d bytes) from %s: chat latency %d ms, "
                                + "parallel cap %d, embed latency %d ms, MAX_PARALLEL_INSERT %s%n",
                        books.size(), bytes, dir, latencyMs, parallel, embedLatencyMs, parallelInsert);
                warmUp(librarian, ollama);
                LibrarianMetrics metrics = librarian.context().getRegistry()
                        .lookupByNameAndType("metrics", LibrarianMetrics.class);
                double chunksBefore = metrics.chunksExtracted();
                List<String> ids = new ArrayList<>();
                for (Path b : books) {
                    ids.add("doc-" + DocumentIds.md5Hex(b.getFileName().toString()));
                }
                long start = System.nanoTime();
                InFlightTimeline timeline = new InFlightTimeline(ollama, start);
                timeline.start();
                IngestProgress progress = new IngestProgress(
                        () -> counts(librarian, ids, (long) (metrics.chunksExtracted() - chunksBefore)), System.err);
                if (progressBar) {
                    progress.start();
                }
                for (Path b : books) {
                    // like moving a book into the inbox: the file keeps its modification time
                    Files.copy(b, inbox.resolve(b.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                for (String id : ids) {
                    // the mirror is written when the service is idle, after the ingest: not part of it
                    DocStatus s = librarian.awaitFinishedUnmirrored(id, Duration.ofHours(2));
                    if (s != DocStatus.PROCESSED) {
                        throw new IllegalStateException(id + " " + s + ": " + librarian.status().record(id));
                    }
                }
                double wall = (System.nanoTime() - start) / 1e9;
                timeline.interrupt();
                if (progressBar) {
                    progress.finish();
                }
                System.out.println("LLM calls in flight, mean per half second: " + timeline.render(wall));
                settings.put("chunks", counts(librarian, ids, 0).chunksTotal());
                result.set("figures", report(ollama, wall, latencyMs, parallel, heap.peak()));
                result.set("llm_in_flight_per_half_second", timeline.json(wall));
            }
        } finally {
            heap.stopSampling();
        }
        BenchResultFile.write(resultFile, result);
    }

    /** Chunks extracted, chunks of the books chunked so far, and books finished. */
    private static IngestProgress.Counts counts(RunningLibrarian librarian, List<String> ids, long chunksDone) {
        long chunks = 0;
        int chunked = 0;
        int done = 0;
        for (String id : ids) {
            Optional<DocStatusRecord> record = librarian.status().record(id);
            if (record.isPresent() && record.get().chunksCount() != null) {
                chunks += record.get().chunksCount();
                chunked++;
            }
            String status = record.map(DocStatusRecord::status).orElse("");
            if (status.equals(DocStatus.PROCESSED.value()) || status.equals(DocStatus.FAILED.value())) {
                done++;
            }
        }
        return new IngestProgress.Counts(chunksDone, chunks, chunked, done, ids.size());
    }

    /** Prints the figures and returns them for the result file. */
    private static ObjectNode report(FakeOllama ollama, double wall, int latencyMs, int parallel, long peakHeap) {
        int extract = ollama.chatCalls(FakeOllama.Kind.EXTRACTION);
        int glean = ollama.chatCalls(FakeOllama.Kind.GLEANING);
        int other = ollama.chatCalls(FakeOllama.Kind.OTHER) + ollama.chatCalls(FakeOllama.Kind.KEYWORDS);
        int calls = ollama.chatCalls();
        double ideal = calls * latencyMs / 1000.0 / parallel;
        double occupancy = ollama.chatSlotSeconds() / (parallel * wall);
        double embedPerInput = ollama.embedRequests() / (double) Math.max(1, ollama.embedInputs());
        System.out.printf(Locale.ROOT, "wall time            %8.2f s%n", wall);
        System.out.printf(Locale.ROOT, "LLM calls            %8d  (extract %d, gleaning %d, summary %d)%n",
                calls, extract, glean, other);
        System.out.printf(Locale.ROOT, "ideal time           %8.2f s  (calls x latency / parallel)%n", ideal);
        System.out.printf(Locale.ROOT, "utilisation          %8.3f  (ideal / wall)%n", ideal / wall);
        System.out.printf(Locale.ROOT, "max parallel LLM     %8d%n", ollama.maxObservedParallelChat());
        System.out.printf(Locale.ROOT, "LLM slot occupancy   %8.3f  (time Ollama was busy / (parallel x wall))%n",
                occupancy);
        System.out.printf(Locale.ROOT, "embedding requests   %8d for %d inputs = %.3f requests per input%n",
                ollama.embedRequests(), ollama.embedInputs(), embedPerInput);
        System.out.printf(Locale.ROOT, "peak heap used       %8.1f MiB (sampled every 20 ms; fake Ollama included)%n",
                peakHeap / 1048576.0);
        double peakRss = peakRssMiB();
        System.out.printf(Locale.ROOT, "peak RSS             %8.1f MiB (VmHWM of this JVM: service and fake Ollama)%n",
                peakRss);
        ObjectNode figures = JsonNodeFactory.instance.objectNode().put("wall_seconds", wall)
                .put("llm_calls", calls);
        figures.putObject("llm_calls_by_kind").put("extract", extract).put("gleaning", glean).put("summary", other);
        return figures.put("ideal_seconds", ideal).put("utilisation", ideal / wall)
                .put("max_parallel_llm", ollama.maxObservedParallelChat()).put("llm_slot_occupancy", occupancy)
                .put("embedding_requests", ollama.embedRequests()).put("embedding_inputs", ollama.embedInputs())
                .put("embedding_requests_per_input", embedPerInput)
                .put("prompt_tokens", ollama.promptTokens()).put("generated_tokens", ollama.evalTokens())
                .put("peak_heap_mib", peakHeap / 1048576.0).put("peak_rss_mib", peakRss);
    }

    /** The peak resident set of this process ({@code VmHWM}, Linux); NaN where /proc cannot tell. */
    private static double peakRssMiB() {
        try {
            long kib = ProcessMemory.procStatusKiB(ProcessHandle.current().pid(), "VmHWM");
            return kib < 0 ? Double.NaN : kib / 1024.0;
        } catch (java.io.IOException | NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * Indexes a small made-up document first, so the figures describe a running service rather than a JVM still
     * loading classes and compiling hot code; the fake's counters are reset afterwards.
     */
    private static void warmUp(RunningLibrarian librarian, FakeOllama ollama) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 400; i++) {
            text.append("Глава ").append(i).append(". Warmup Alice met Bob in Paris; Иван Петрович wrote to Мария ")
                    .append("about the ").append(i).append("th harvest near Тверь.\n");
        }
        String body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("text", text.toString()).put("file_source", "warm-up.txt").toString();
        String docId = RunningLibrarian.json(librarian.post("/documents/text", body)).get("doc_id").asText();
        if (librarian.awaitFinished(docId, Duration.ofMinutes(5)) != DocStatus.PROCESSED) {
            throw new IllegalStateException("warm-up document failed: " + librarian.status().record(docId));
        }
        ollama.reset();
    }

    /** Samples the fake's in-flight chat calls every 5 ms, to show where the LLM slots stood idle. */
    private static final class InFlightTimeline extends Thread {
        private static final int SLOTS = 14_400;
        private final FakeOllama ollama;
        private final long start;
        private final long[] sums = new long[SLOTS];
        private final int[] samples = new int[SLOTS];

        InFlightTimeline(FakeOllama ollama, long start) {
            super("in-flight-timeline");
            setDaemon(true);
            this.ollama = ollama;
            this.start = start;
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                int slot = (int) ((System.nanoTime() - start) / 500_000_000L);
                if (slot < SLOTS) {
                    sums[slot] += ollama.inFlightChat();
                    samples[slot]++;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        ArrayNode json(double wallSeconds) {
            ArrayNode values = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < Math.min(SLOTS, (int) Math.ceil(wallSeconds * 2)); i++) {
                values.add(samples[i] == 0 ? 0.0 : Math.round(sums[i] * 10.0 / samples[i]) / 10.0);
            }
            return values;
        }

        String render(double wallSeconds) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < Math.min(SLOTS, (int) Math.ceil(wallSeconds * 2)); i++) {
                out.append(String.format(Locale.ROOT, "%.1f ", samples[i] == 0 ? 0.0 : sums[i] / (double) samples[i]));
            }
            return out.toString().trim();
        }
    }

    /** Samples used heap; the peak is the largest sample. */
    private static final class HeapSampler extends Thread {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;

        HeapSampler() {
            super("heap-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long peak() {
            return peak.get();
        }

        void stopSampling() {
            running = false;
        }
    }
}
