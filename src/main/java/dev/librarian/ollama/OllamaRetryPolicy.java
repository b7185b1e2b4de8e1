package dev.librarian.ollama;

import dev.librarian.llm.AnswerCancelledException;
import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;

/**
 * The {@code retryWhile} of every Ollama call (routes/errors.camel.yaml): tells the breaker about outage-like
 * failures and decides whether the call is tried again.
 *
 * <ul>
 *   <li>While Ollama is considered down, an indexing call is retried without limit: it waits in the
 *       {@link OllamaGate} and goes again once Ollama is back. Those attempts are not counted.</li>
 *   <li>A call that could not connect at all is not counted either (with the breaker on): it is retried until
 *       enough failures open the breaker, so a lone document never fails just because Ollama is stopped.</li>
 *   <li>Anything else (timeouts, 5xx, 429 while Ollama is considered up) spends one of {@code LLM_MAX_RETRIES}.</li>
 *   <li>A question's call (fail fast) never waits: it gives up when Ollama cannot be reached or is down.</li>
 * </ul>
 */
public final class OllamaRetryPolicy {

    private static final String ATTEMPTS = "LibrarianOllamaRetries";

    /** Retries spent by one call; bound to the exchange that makes it (copies carry the property back). */
    private record Spent(String exchangeId, int retries) {
    }

    private final OllamaAvailability availability;
    private final int maxRetries;

    public OllamaRetryPolicy(OllamaAvailability availability, int maxRetries) {
        this.availability = availability;
        this.maxRetries = maxRetries;
    }

    public boolean shouldRetry(Exchange exchange) {
        if (exchange.getContext().isStopping() || exchange.getContext().isStopped()) {
            return false;
        }
        // Camel moves the exception aside while it decides on a redelivery
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (ObjectHelper.getException(AnswerCancelledException.class, failure) != null) {
            return false;
        }
        boolean failFast = OllamaGate.failFast(exchange);
        if (OllamaFailures.isOutage(failure)) {
            boolean down = availability.callFailed(OllamaFailures.reason(failure));
            boolean unreachable = OllamaFailures.isUnreachable(failure);
            if (failFast && (down || unreachable)) {
                return false;
            }
            if (!failFast && (down || unreachable && availability.enabled())) {
                return true;
            }
        }
        return spendRetry(exchange);
    }

    private boolean spendRetry(Exchange exchange) {
        Spent spent = exchange.getProperty(ATTEMPTS, Spent.class);
        int retries = spent != null && spent.exchangeId().equals(exchange.getExchangeId()) ? spent.retries() + 1 : 1;
        exchange.setProperty(ATTEMPTS, new Spent(exchange.getExchangeId(), retries));
        return retries <= maxRetries;
    }
}
