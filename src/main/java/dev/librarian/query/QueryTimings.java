package dev.librarian.query;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * How long each phase of one question took, for the answer's {@code Server-Timing} header: the keyword call to the
 * LLM, the embedding call, building the context from the library, and the answer call. A phase that did not run
 * (keywords from the cache, no answer wanted) is left out. Thread-safe: a streamed answer's call ends on another
 * thread than the one that sent the header.
 */
public final class QueryTimings {

    /** The phases; the header names each in lower case. */
    public enum Phase { KEYWORDS, EMBED, CONTEXT, ANSWER }

    private final long startNanos;
    private final Map<Phase, Long> startedAt = new EnumMap<>(Phase.class);
    private final Map<Phase, Long> tookNanos = new EnumMap<>(Phase.class);

    QueryTimings(long startNanos) {
        this.startNanos = startNanos;
    }

    synchronized void start(Phase phase) {
        startedAt.put(phase, System.nanoTime());
    }

    /** Ends a started phase; nothing when it was not started. */
    synchronized void end(Phase phase) {
        Long started = startedAt.remove(phase);
        if (started != null) {
            tookNanos.merge(phase, System.nanoTime() - started, Long::sum);
        }
    }

    /** Nanoseconds the phase took, or -1 when it did not run. */
    public synchronized long nanos(Phase phase) {
        return tookNanos.getOrDefault(phase, -1L);
    }

    /**
     * The {@code Server-Timing} header's value (W3C Server Timing): each phase that ran, then {@code total} since the
     * request was parsed, in milliseconds, e.g. {@code keywords;dur=3.10, embed;dur=7.25, context;dur=12.40,
     * total;dur=23.02}.
     */
    public synchronized String header() {
        StringJoiner header = new StringJoiner(", ");
        tookNanos.forEach((phase, nanos) -> header.add(metric(phase.name().toLowerCase(Locale.ROOT), nanos)));
        header.add(metric("total", System.nanoTime() - startNanos));
        return header.toString();
    }

    private static String metric(String name, long nanos) {
        return String.format(Locale.ROOT, "%s;dur=%.2f", name, nanos / 1e6);
    }
}
