package dev.librarian.ollama;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * Whether Librarian believes Ollama is up: a circuit breaker over every Ollama call. After {@code threshold}
 * consecutive calls failed the way a down Ollama makes them fail, it opens: ingestion waits (listeners pause the
 * LLM queue, {@link #awaitAvailable} holds calls already under way) until a probe of {@code /api/tags} or any call
 * succeeds. Says so in the log once when it opens and once when it closes.
 */
public final class OllamaAvailability {

    private static final Logger LOG = LoggerFactory.getLogger(OllamaAvailability.class);

    /** Told when ingestion must pause and when it may resume. */
    public interface Listener {
        void paused();

        void resumed();
    }

    /** Ollama is considered down since {@code since}; {@code reason} is the latest failure. */
    public record Outage(Instant since, String reason) {
    }

    private final String host;
    private final List<String> hosts;
    private final int threshold;
    private final Duration probeInterval;
    private final Clock clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    private int consecutiveFailures;
    private Outage outage;

    /**
     * @param hosts         Ollama base URLs in use (chat first, then embeddings if elsewhere)
     * @param threshold     consecutive outage-like failures that open the breaker; 0 never opens it
     * @param probeInterval how often the probe route looks while open (for the log message)
     */
    public OllamaAvailability(List<String> hosts, int threshold, Duration probeInterval, Clock clock) {
        this.hosts = List.copyOf(hosts);
        this.host = String.join(" and ", this.hosts);
        this.threshold = threshold;
        this.probeInterval = probeInterval;
        this.clock = clock;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** The Ollama base URLs a probe must reach. */
    public List<String> hosts() {
        return hosts;
    }

    public String host() {
        return host;
    }

    public boolean enabled() {
        return threshold > 0;
    }

    /** Ollama answered a call: the failure streak ends, and a pause (if any) with it. */
    public void callSucceeded() {
        synchronized (this) {
            consecutiveFailures = 0;
            if (outage == null) {
                return;
            }
        }
        close("a call succeeded");
    }

    /**
     * A call failed the way a down Ollama makes calls fail.
     *
     * @return true when Ollama is now considered down (this failure opened the breaker or it was open already)
     */
    public boolean callFailed(String reason) {
        Outage opened;
        synchronized (this) {
            if (outage != null) {
                outage = new Outage(outage.since(), reason);
                return true;
            }
            consecutiveFailures++;
            if (threshold == 0 || consecutiveFailures < threshold) {
                return false;
            }
            outage = new Outage(clock.instant(), reason);
            opened = outage;
        }
        LOG.warn("Waiting for Ollama at {}: {} ({} calls in a row failed). Indexing is paused; probing /api/tags "
                + "every {} s and resuming as soon as Ollama answers", host, opened.reason(), threshold,
                probeInterval.toMillis() / 1000.0);
        listeners.forEach(Listener::paused);
        return true;
    }

    /** Every host answered {@code /api/tags}. */
    public void probeSucceeded() {
        close("it answers /api/tags");
    }

    /** A probe failed: the outage goes on, with this as its latest reason. */
    public synchronized void probeFailed(Throwable failure) {
        if (outage != null) {
            outage = new Outage(outage.since(), OllamaFailures.reason(failure));
        }
    }

    public synchronized Optional<Outage> outage() {
        return Optional.ofNullable(outage);
    }

    public synchronized boolean waiting() {
        return outage != null;
    }

    /** "Waiting for Ollama at http://…: Connection refused", or empty while Ollama is up. */
    public Optional<String> waitingMessage() {
        return outage().map(o -> "Waiting for Ollama at " + host + ": " + o.reason());
    }

    /** Blocks while Ollama is considered down, until it is back or {@code stop} says to give up. */
    public synchronized void awaitAvailable(BooleanSupplier stop) throws InterruptedException {
        while (outage != null && !stop.getAsBoolean()) {
            wait(200);
        }
    }

    private void close(String why) {
        Outage ended;
        synchronized (this) {
            if (outage == null) {
                return;
            }
            ended = outage;
            outage = null;
            consecutiveFailures = 0;
            notifyAll();
        }
        Duration down = Duration.between(ended.since(), clock.instant());
        LOG.info("Ollama at {} is back ({}) after {} s: indexing resumes", host, why, down.toSeconds());
        listeners.forEach(Listener::resumed);
    }
}
