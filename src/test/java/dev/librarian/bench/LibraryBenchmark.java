package dev.librarian.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.ForkedLibrarian;
import dev.librarian.testing.PrometheusText;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The storage acceptance benchmark: a library of documents of varied size cut from books, ingested over HTTP into
 * the real service (a JVM of its own with a small heap) against the fake Ollama at zero chat latency; then the cost
 * per document as the library grew, a graceful restart, query context latency per mode, concurrent accepts, and
 * the service's memory and disk footprint. Prints a summary and writes every figure to a JSON file. Run it with
 * {@code bench/library}; the options are listed there.
 */
public final class LibraryBenchmark {

    private static final PrintStream OUT = System.out;

    private final BenchOptions opts;
    private final ObjectNode result = JsonNodeFactory.instance.objectNode().put("benchmark", "library");
    private final ObjectNode acceptance = JsonNodeFactory.instance.objectNode();
    private final ObjectNode loads = result.putObject("load_average_at_phase_start");

    private LibraryBenchmark(BenchOptions opts) {
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        new LibraryBenchmark(new BenchOptions(args)).run();
        // the fake Ollama's and the HTTP client's threads must not keep the JVM alive
        System.exit(0);
    }

    private void run() throws Exception {
        Path resultFile = BenchResultFile.choose(opts, "library");
        BenchMachine machine = BenchMachine.current();
        OUT.println(machine.line());
        result.put("started_at", OffsetDateTime.now().toString()).set("machine", machine.json());
        LibraryPlan plan = LibraryPlan.from(opts);
        result.set("settings", plan.settingsJson());
        plan.print(OUT);
        result.set("library", plan.libraryJson());
        if (opts.text("plan-only", "false").equals("true")) {
            return;
        }
        String databaseUrl = opts.text("database-url", "");
        boolean skipIngest = opts.text("skip-ingest", "false").equals("true");
        if (skipIngest && !opts.has("work")) {
            throw new IllegalArgumentException("--skip-ingest true needs --work DIR with a library from an earlier run");
        }
        if (!databaseUrl.isEmpty() && !skipIngest) {
            BenchSchema.drop(databaseUrl);
        }
        Path work = opts.has("work") ? Files.createDirectories(Path.of(opts.text("work", "")))
                : Files.createTempDirectory("librarian-library-bench");
        OUT.println("working directory " + work + " (service log: " + work.resolve("service.log") + ")");
        try (FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(plan.dim()))) {
            ollama.chatLatency(Duration.ZERO).embedLatency(Duration.ofMillis(plan.embedLatencyMs()));
            List<String> jvm = new java.util.ArrayList<>(List.of("-Xmx" + opts.text("xmx", "512m")));
            String extraJvm = opts.text("service-java-opts", "");
            if (!extraJvm.isBlank()) {
                jvm.addAll(List.of(extraJvm.trim().split("\\s+")));
            }
            BenchService service = new BenchService(work, ollama, serviceEnv(plan, databaseUrl), jvm);
            measure(plan, service, ollama);
            StoreSizes sizes = StoreSizes.of(service.workingDir(), databaseUrl);
            OUT.println("disk: " + sizes.line() + "; mirror files " + StoreSizes.mirrorFiles(service.workingDir()));
            result.set("disk", sizes.json());
        } catch (Exception | Error e) {
            OUT.println("FAILED: " + e);
            OUT.println("last lines of the service log " + work.resolve("service.log") + ":");
            OUT.println(ServiceLog.of(work.resolve("service.log"), 60));
            result.put("error", e.toString());
            BenchResultFile.write(resultFile, result.set("acceptance", acceptance));
            throw e;
        }
        result.set("acceptance", acceptance);
        OUT.println("\nacceptance: " + acceptance);
        BenchResultFile.write(resultFile, result);
        if (!opts.text("keep", "false").equals("true") && !opts.has("work")) {
            BenchLibrary.delete(work);
        } else {
            OUT.println("the library stays in " + work);
        }
    }

    private Map<String, String> serviceEnv(LibraryPlan plan, String databaseUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("MAX_PARALLEL_INSERT", String.valueOf(plan.maxParallelInsert()));
        env.put("CHUNK_SIZE", String.valueOf(plan.chunkSize()));
        env.put("CHUNK_OVERLAP_SIZE", String.valueOf(plan.chunkOverlap()));
        env.put("LLM_TIMEOUT", "60");
        env.put("LIGHTRAG_MIRROR", "true");
        env.put("DATABASE_URL", databaseUrl);
        return env;
    }

    /** Phases 2 to 7: every figure goes into {@link #result}. */
    private void measure(LibraryPlan plan, BenchService service, FakeOllama ollama) throws Exception {
        FakeOllamaTally tally = new FakeOllamaTally(ollama);
        ForkedLibrarian first = service.start();
        ServiceClient client = awaitHealthy(first, service);
        OUT.printf(Locale.ROOT, "%nservice: pid %d, JVM %s, %s%n", first.pid(), service.jvmOptions(), first.url(""));
        if (opts.text("skip-ingest", "false").equals("true")) {
            OUT.println("[3] ingest skipped: the library of an earlier run in " + service.workingDir());
        } else {
            ingest(plan, client, tally, first);
        }

        phase("restart", "[4] restart");
        int logLines = LogGaps.lineCount(service.log());
        RestartTiming restart = RestartTiming.run(service, first, plan.warmUpQuestions().get(0));
        restart.print(OUT);
        List<String> gaps = LogGaps.longest(service.log(), logLines, 4);
        OUT.println("longest pauses in the service log from SIGTERM to the first query:");
        gaps.forEach(g -> OUT.println("  " + g));
        result.putArray("restart_log_pauses").addAll(gaps.stream()
                .map(JsonNodeFactory.instance::textNode).toList());
        result.set("restart", restart.json());
        acceptance.put("restart_health", restart.holds());
        ForkedLibrarian second = restart.restarted();
        client = new ServiceClient(second.url(""));

        phase("queries", String.format(Locale.ROOT, "[5] query context latency: %d warm-up + %d measured "
                + "questions per mode", plan.warmUpQuestions().size(), plan.measuredQuestions().size()));
        Duration settled = ServiceIdle.await(second.pid(), service.log(), logLines, Duration.ofSeconds(180));
        OUT.printf(Locale.ROOT, "the restarted service settled (its warm-up and idle merges done, its CPU idle) "
                + "%.1f s after the first query%n", settled.toMillis() / 1000.0);
        result.put("settle_seconds_before_queries", settled.toMillis() / 1000.0);
        PrometheusText routesBefore = client.metrics();
        QueryLatency queries = QueryLatency.run(client, ollama, plan.modes(), plan.warmUpQuestions(),
                plan.measuredQuestions());
        queries.print(OUT);
        result.set("queries", queries.json());
        RouteTimes routeTimes = RouteTimes.between(RouteTimes.QUERY, routesBefore, client.metrics());
        OUT.println("time per route over the question phase (warm-up included; routes nest):");
        routeTimes.print(OUT);
        result.set("query_route_times", routeTimes.json());
        acceptance.put("query_median", queries.holds());
        acceptance.put("query_context_build_median", queries.buildHolds());

        phase("concurrent_accepts", "[6] concurrent accepts");
        try (ProcessedWatch watch = ProcessedWatch.connect(client)) {
            // the restarted service has not run its accept path yet: its first bursts are spent compiling it
            List<String> warmUps = plan.warmUpAcceptTexts();
            int burst = Math.max(1, plan.acceptTexts().size());
            for (int from = 0; from < warmUps.size(); from += burst) {
                ConcurrentAccepts warmUp = ConcurrentAccepts.run(client, watch,
                        warmUps.subList(from, Math.min(warmUps.size(), from + burst)), "warm-up-" + from,
                        second.pid());
                OUT.print("warm-up burst (not measured): ");
                warmUp.print(OUT);
            }
            // what the HTTP layer alone takes for such a burst on this machine, once its path is compiled too
            ConcurrentAccepts.floor(client, burst);
            List<Double> floor = ConcurrentAccepts.floor(client, burst);
            OUT.printf(Locale.ROOT, "the same burst of %d POST /api/show (no store: the HTTP layer "
                    + "alone; the second of two): p50 %.1f ms, p99 %.1f ms%n", floor.size(), Percentiles.median(floor),
                    Percentiles.of(floor, 0.99));
            result.putObject("accept_floor").put("requests", floor.size()).put("p50_ms", Percentiles.median(floor))
                    .put("p99_ms", Percentiles.of(floor, 0.99));
            PrometheusText acceptRoutesBefore = client.metrics();
            ConcurrentAccepts accepts = ConcurrentAccepts.run(client, watch, plan.acceptTexts(), "concurrent",
                    second.pid());
            accepts.print(OUT);
            RouteTimes acceptRoutes = RouteTimes.between(RouteTimes.ACCEPT, acceptRoutesBefore, client.metrics());
            OUT.println("time per route over the accepts (until all are processed):");
            acceptRoutes.print(OUT);
            result.set("accept_route_times", acceptRoutes.json());
            result.set("concurrent_accepts", accepts.json());
            acceptance.put("concurrent_accepts", accepts.holds());
        }

        phase("memory", "[7] memory and disk");
        ProcessMemory atEnd = ProcessMemory.of(second.pid(), client);
        OUT.println("memory at the end (restarted service): " + atEnd.line());
        result.set("memory_at_end", atEnd.json());
        result.set("fake_ollama", tally.json());
        long stopAt = System.nanoTime();
        boolean byItself = second.stop(Duration.ofSeconds(120));
        OUT.printf(Locale.ROOT, "final SIGTERM -> exit %.1f s%s%n", (System.nanoTime() - stopAt) / 1e9,
                byItself ? "" : " (KILLED after 120 s)");
        OUT.println("service log errors: " + ServiceLog.errors(service.log()));
        result.put("service_log_errors", ServiceLog.errors(service.log()).size());
    }

    private void ingest(LibraryPlan plan, ServiceClient client, FakeOllamaTally tally, ForkedLibrarian first)
            throws Exception {
        try (ProcessedWatch watch = ProcessedWatch.connect(client)) {
            warmUp(client, watch);
            tally.trim();
            phase("ingest", String.format(Locale.ROOT, "[3] ingest: %d documents, at most %d in flight",
                    plan.documents().size(), plan.maxParallelInsert()));
            long start = System.nanoTime();
            int total = plan.documents().size();
            List<IngestGrowth.DocCost> costs = IngestGrowth.run(client, watch, plan.documents(),
                    plan.maxParallelInsert(), posted -> {
                        if (posted % 25 == 0) {
                            tally.trim();
                        }
                        if (posted % Math.max(1, total / 10) == 0) {
                            System.err.printf(Locale.ROOT, "  posted %d/%d after %.0f s%n", posted, total,
                                    (System.nanoTime() - start) / 1e9);
                        }
                    });
            GrowthFigures growth = new GrowthFigures(costs, (System.nanoTime() - start) / 1e9);
            growth.print(OUT);
            IngestGrowth.failures(costs).forEach(line -> OUT.println("  FAILED " + line));
            result.set("ingest", growth.json());
            acceptance.put("ingest_last_first_ratio", growth.holds());
        }
        ProcessMemory afterIngest = ProcessMemory.of(first.pid(), client);
        OUT.println("memory after ingest: " + afterIngest.line());
        result.set("memory_after_ingest", afterIngest.json());

    }

    /**
     * Prints a phase's header with the machine's load average as it begins (other work shares the machine) and
     * records the load in the result.
     */
    private void phase(String key, String header) {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        OUT.printf(Locale.ROOT, "%n%s (load average %.1f)%n", header, load);
        loads.put(key, load);
    }

    private static ServiceClient awaitHealthy(ForkedLibrarian service, BenchService how) throws Exception {
        ServiceClient client = new ServiceClient(service.url(""));
        long start = System.nanoTime();
        while (client.health() != 200) {
            if (!service.isAlive() || System.nanoTime() - start > Duration.ofMinutes(3).toNanos()) {
                throw new IllegalStateException("the service did not become healthy; see " + how.log());
            }
            Thread.sleep(50);
        }
        return client;
    }

    /** A small made-up document first, so the first tenth is not measured while the service's code compiles. */
    private static void warmUp(ServiceClient client, ProcessedWatch watch) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 300; i++) {
            text.append("Chapter ").append(i).append(". Warmup Alice met Bob in Paris; Ivan Petrovich wrote to Maria ")
                    .append("about the ").append(i).append("th harvest near Tver.\n");
        }
        String docId = client.postText(text.toString(), "warm-up.txt").path("doc_id").asText();
        ProcessedWatch.Finished f = watch.finished(docId).get(10, java.util.concurrent.TimeUnit.MINUTES);
        if (!f.processed()) {
            throw new IllegalStateException("the warm-up document failed: " + f.error());
        }
        OUT.println("warm-up document processed (" + f.chunks() + " chunks, not counted)");
    }
}
