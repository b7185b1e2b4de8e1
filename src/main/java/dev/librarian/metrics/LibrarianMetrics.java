package dev.librarian.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Librarian's own meters, kept in the Prometheus registry that also holds Camel's route meters and served at
 * {@code GET /metrics}. The names are a published interface (README "Metrics"): Prometheus sees them with
 * dots as underscores, counters ending in {@code _total} and timers in {@code _seconds}.
 */
public final class LibrarianMetrics {

    public static final String LLM_CALLS = "librarian.llm.calls";
    public static final String LLM_CALL = "librarian.llm.call";
    public static final String LLM_TOKENS = "librarian.llm.tokens";
    public static final String LLM_CACHE_LOOKUPS = "librarian.llm.cache.lookups";
    public static final String EMBED_CALLS = "librarian.embed.calls";
    public static final String EMBED_CALL = "librarian.embed.call";
    public static final String EMBEDDING_TOKENS = "librarian.embedding.tokens";
    public static final String EMBEDDING_BATCH_TEXTS = "librarian.embedding.batch.texts";
    public static final String CHUNKS_EXTRACTED = "librarian.chunks.extracted";
    public static final String DOCUMENTS = "librarian.documents";
    public static final String QUEUE_DEPTH = "librarian.queue.depth";
    public static final String QUERY_CONTEXT = "librarian.query.context";

    /** Histogram bucket bounds: LLM answers take from a tenth of a second to minutes. */
    private static final Duration[] CALL_BUCKETS = Stream.of(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)
            .map(s -> Duration.ofMillis(Math.round(s.doubleValue() * 1000))).toArray(Duration[]::new);

    /** Histogram bucket bounds: a question's context takes milliseconds to build, a slow one a second. */
    private static final Duration[] CONTEXT_BUCKETS = Stream.of(1, 2.5, 5, 10, 20, 50, 100, 250, 500, 1000)
            .map(ms -> Duration.ofNanos(Math.round(ms.doubleValue() * 1_000_000))).toArray(Duration[]::new);

    private final PrometheusMeterRegistry registry;
    private final Counter tokensIn;
    private final Counter tokensOut;
    private final Counter embeddingTokens;
    private final Counter chunksExtracted;
    private final DistributionSummary batchTexts;

    public LibrarianMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        this.tokensIn = Counter.builder(LLM_TOKENS).tag("direction", "in")
                .description("Prompt tokens Ollama evaluated (prompt_eval_count)").register(registry);
        this.tokensOut = Counter.builder(LLM_TOKENS).tag("direction", "out")
                .description("Tokens Ollama generated (eval_count)").register(registry);
        this.embeddingTokens = Counter.builder(EMBEDDING_TOKENS)
                .description("Tokens Ollama embedded (prompt_eval_count of /api/embed)").register(registry);
        this.chunksExtracted = Counter.builder(CHUNKS_EXTRACTED)
                .description("Chunks whose entities and relations were extracted (cached answers included)")
                .register(registry);
        this.batchTexts = DistributionSummary.builder(EMBEDDING_BATCH_TEXTS)
                .description("Texts per /api/embed batch of the indexing pipeline; _count is the batches")
                .register(registry);
    }

    /** Meters nobody scrapes, for code running outside the service (unit tests, tools). */
    public static LibrarianMetrics unpublished() {
        return new LibrarianMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition (format 0.0.4) of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** One {@code /api/chat} request: what it was for, how it ended and how long it took. */
    public void llmCall(String kind, String outcome, long nanos) {
        Counter.builder(LLM_CALLS).tag("kind", kind).tag("outcome", outcome)
                .description("Chat requests sent to Ollama, by kind and outcome (each retry counts)")
                .register(registry).increment();
        callTimer(LLM_CALL, "Duration of a chat request until Ollama's answer starts arriving", kind)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One {@code /api/embed} request. */
    public void embedCall(String outcome, long nanos) {
        Counter.builder(EMBED_CALLS).tag("outcome", outcome)
                .description("Embedding requests sent to Ollama, by outcome (each retry counts)")
                .register(registry).increment();
        callTimer(EMBED_CALL, "Duration of an embedding request", null).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void llmTokens(long in, long out) {
        tokensIn.increment(in);
        tokensOut.increment(out);
    }

    public void embeddingTokens(long count) {
        embeddingTokens.increment(count);
    }

    /** A look into the LLM answer cache before a call: a hit costs no call. */
    public void llmCacheLookup(String kind, boolean hit) {
        Counter.builder(LLM_CACHE_LOOKUPS).tag("kind", kind).tag("result", hit ? "hit" : "miss")
                .description("LLM answer cache lookups before indexing calls, by kind and result")
                .register(registry).increment();
    }

    public void chunkExtracted() {
        chunksExtracted.increment();
    }

    public double chunksExtracted() {
        return chunksExtracted.count();
    }

    public void embeddingBatch(int texts) {
        batchTexts.record(texts);
    }

    /** Gauges {@code librarian_documents{status}} read from the status store at every scrape. */
    public void documentsByStatus(Iterable<String> statuses, Supplier<Map<String, Integer>> counts) {
        for (String status : statuses) {
            Gauge.builder(DOCUMENTS, () -> counts.get().getOrDefault(status, 0)).tag("status", status)
                    .description("Documents in the status store, by status").strongReference(true)
                    .register(registry);
        }
    }

    /** A question's context built from the library in {@code mode} (no LLM or embedding call included). */
    public void queryContext(String mode, long nanos) {
        Timer.builder(QUERY_CONTEXT).tag("mode", mode)
                .description("Time to build a question's context from the library: vector searches, graph, chunks and "
                        + "token budgets, without the keyword and embedding calls")
                .serviceLevelObjectives(CONTEXT_BUCKETS).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Gauge {@code librarian_queue_depth{queue}}: exchanges waiting in a queue. */
    public void queueDepth(String queue, Supplier<Number> depth) {
        Gauge.builder(QUEUE_DEPTH, depth).tag("queue", queue)
                .description("Exchanges waiting in a queue of the pipeline").strongReference(true)
                .register(registry);
    }

    private Timer callTimer(String name, String description, String kind) {
        Timer.Builder timer = Timer.builder(name).description(description).serviceLevelObjectives(CALL_BUCKETS);
        if (kind != null) {
            timer.tag("kind", kind);
        }
        return timer.register(registry);
    }
}
