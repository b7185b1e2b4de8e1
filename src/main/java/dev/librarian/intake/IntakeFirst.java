package dev.librarian.intake;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Gives inserts over HTTP the CPU first: the route policy of the insert route counts the inserts being accepted, and
 * the pipeline's {@code document} and {@code merge} routes {@linkplain #yieldToIntake yield} before they start a
 * document or a merge while any is, and for a moment after the last. On two cores a burst of notes was answered
 * beside the indexing of the notes accepted first; now the burst is answered, then indexed. The pipeline waits
 * at most {@link #DEFAULT_MAX_WAIT} each time, so inserts that never stop slow the indexing down but cannot stall it.
 */
public final class IntakeFirst extends RoutePolicySupport {

    /** How long after the last answered insert the pipeline still waits (the next may be on its way). */
    private static final Duration DEFAULT_SETTLE = Duration.ofMillis(20);
    private static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(1);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final long settleNanos;
    private final long maxWaitNanos;
    private final AtomicInteger accepting = new AtomicInteger();
    private volatile long lastAcceptedNanos;

    public IntakeFirst() {
        this(DEFAULT_SETTLE, DEFAULT_MAX_WAIT);
    }

    IntakeFirst(Duration settle, Duration maxWait) {
        this.settleNanos = settle.toNanos();
        this.maxWaitNanos = maxWait.toNanos();
        this.lastAcceptedNanos = System.nanoTime() - settleNanos;
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        accepting.incrementAndGet();
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        lastAcceptedNanos = System.nanoTime();
        accepting.decrementAndGet();
    }

    /** Waits while inserts are being accepted (and {@code settle} after the last), at most {@code maxWait}. */
    public void yieldToIntake() {
        long deadline = System.nanoTime() + maxWaitNanos;
        while (intakeBusy() && System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Whether an insert is being accepted or was answered less than {@code settle} ago. */
    boolean intakeBusy() {
        return accepting.get() > 0 || System.nanoTime() - lastAcceptedNanos < settleNanos;
    }
}
