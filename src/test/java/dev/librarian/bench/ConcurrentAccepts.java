package dev.librarian.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Many {@code POST /documents/text} at once ({@link PostBurst}): the time each waits for the accepting answer; then
 * the time until the service has processed them all.
 */
final class ConcurrentAccepts {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final double TARGET_P50_MS = 50;
    static final double TARGET_P99_MS = 500;

    private final List<Double> answerMs;
    private final double allProcessedSeconds;
    private final long failed;
    /** CPU time of the service and of this benchmark's process until the last answer, in ms per request. */
    private final double serviceCpuMsPerAnswer;
    /** The part of the service's that its JIT compiler threads used. */
    private final double compilerCpuMsPerAnswer;
    private final double clientCpuMsPerAnswer;

    private ConcurrentAccepts(List<Double> answerMs, double allProcessedSeconds, long failed,
                              double serviceCpuMsPerAnswer, double compilerCpuMsPerAnswer,
                              double clientCpuMsPerAnswer) {
        this.answerMs = answerMs;
        this.allProcessedSeconds = allProcessedSeconds;
        this.failed = failed;
        this.serviceCpuMsPerAnswer = serviceCpuMsPerAnswer;
        this.compilerCpuMsPerAnswer = compilerCpuMsPerAnswer;
        this.clientCpuMsPerAnswer = clientCpuMsPerAnswer;
    }

    /** {@code label}: the notes' names start with it ({@code concurrent}, {@code warm-up}). */
    static ConcurrentAccepts run(ServiceClient client, ProcessedWatch watch, List<String> texts, String label,
                                 long servicePid) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            // a name of this run: a document's id is made from its name, and an earlier run's document of the
            // same name (--skip-ingest) would be a replacement, already "processed" when the watch starts
            String source = String.format(Locale.ROOT, "%s-%d-%03d.txt", label, LibraryPlan.RUN, i);
            bodies.add(JSON.createObjectNode().put("text", texts.get(i)).put("file_source", source).toString());
        }
        try (PostBurst burst = PostBurst.open(client, "/documents/text", bodies)) {
            double serviceCpu = ServiceIdle.cpuSeconds(servicePid);
            double compilerCpu = CompilerCpu.seconds(servicePid);
            double clientCpu = ServiceIdle.cpuSeconds(ProcessHandle.current().pid());
            long start = System.nanoTime();
            List<PostBurst.Reply> replies = burst.fire();
            double perAnswer = 1000.0 / texts.size();
            serviceCpu = (ServiceIdle.cpuSeconds(servicePid) - serviceCpu) * perAnswer;
            compilerCpu = (CompilerCpu.seconds(servicePid) - compilerCpu) * perAnswer;
            clientCpu = (ServiceIdle.cpuSeconds(ProcessHandle.current().pid()) - clientCpu) * perAnswer;
            List<CompletableFuture<ProcessedWatch.Finished>> finished = new ArrayList<>();
            for (PostBurst.Reply reply : replies) {
                finished.add(watch.finished(JSON.readTree(reply.answer().body()).path("doc_id").asText()));
            }
            CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            long failed = finished.stream().filter(f -> !f.join().processed()).count();
            return new ConcurrentAccepts(PostBurst.millis(replies), seconds, failed, serviceCpu, compilerCpu,
                    clientCpu);
        }
    }

    /**
     * The same burst of requests that need no store, {@code POST /api/show} (answered from memory): the part of an
     * accept's time that the HTTP layer takes on this machine. Printed beside the accepts.
     */
    static List<Double> floor(ServiceClient client, int requests) throws Exception {
        String body = JSON.createObjectNode().put("model", "librarian").toString();
        try (PostBurst burst = PostBurst.open(client, "/api/show", Collections.nCopies(requests, body))) {
            return PostBurst.millis(burst.fire());
        }
    }

    double p50() {
        return Percentiles.median(answerMs);
    }

    double p99() {
        return Percentiles.of(answerMs, 0.99);
    }

    boolean holds() {
        return p50() <= TARGET_P50_MS && p99() <= TARGET_P99_MS;
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "%d concurrent POST /documents/text: answer p50 %.1f ms, p99 %.1f ms, max %.1f ms "
                        + "(acceptance p50 <= %.0f, p99 <= %.0f: %s); all processed after %.1f s, %d failed%n",
                answerMs.size(), p50(), p99(), Percentiles.of(answerMs, 1.0), TARGET_P50_MS, TARGET_P99_MS,
                holds() ? "holds" : "MISSED", allProcessedSeconds, failed);
        out.printf(Locale.ROOT, "CPU until the last answer, per request: service %.2f ms (indexing included; its JIT "
                + "compiler %.2f ms of it), benchmark client %.2f ms%n", serviceCpuMsPerAnswer, compilerCpuMsPerAnswer,
                clientCpuMsPerAnswer);
    }

    ObjectNode json() {
        return JsonNodeFactory.instance.objectNode().put("requests", answerMs.size()).put("p50_ms", p50())
                .put("p99_ms", p99()).put("max_ms", Percentiles.of(answerMs, 1.0))
                .put("all_processed_seconds", allProcessedSeconds).put("failed", failed).put("holds", holds())
                .put("service_cpu_ms_per_answer", serviceCpuMsPerAnswer)
                .put("service_compiler_cpu_ms_per_answer", compilerCpuMsPerAnswer)
                .put("client_cpu_ms_per_answer", clientCpuMsPerAnswer);
    }
}
