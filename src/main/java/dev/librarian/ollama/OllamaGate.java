package dev.librarian.ollama;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Who may call Ollama now. Indexing calls wait here while Ollama is down (before a call and before each
 * redelivery, as the {@code onRedelivery} processor of routes/errors.camel.yaml); a question's calls never wait:
 * they are marked to fail fast, and refused at once with {@link OllamaUnavailableException} while Ollama is down.
 */
public final class OllamaGate implements Processor {

    /** Exchange property: this exchange's Ollama calls are for someone waiting on an HTTP answer. */
    public static final String FAIL_FAST = "LibrarianOllamaFailFast";

    private final OllamaAvailability availability;

    public OllamaGate(OllamaAvailability availability) {
        this.availability = availability;
    }

    /** Holds an indexing call while Ollama is down; lets it go when Ollama is back or Camel is stopping. */
    @Override
    public void process(Exchange exchange) throws InterruptedException {
        if (!failFast(exchange)) {
            availability.awaitAvailable(() -> exchange.getContext().isStopping() || exchange.getContext().isStopped());
        }
    }

    /** A question is about to call Ollama: it fails fast, and right now if Ollama is known to be down. */
    public void forQuestion(Exchange exchange) {
        exchange.setProperty(FAIL_FAST, true);
        availability.outage().ifPresent(o -> {
            throw new OllamaUnavailableException("Ollama at " + availability.host() + " is not answering (since "
                    + o.since() + "): " + o.reason() + ". Questions need it; indexing waits for it and resumes by itself.",
                    503, null);
        });
    }

    /**
     * A question's call failed (exchange property {@code ollamaFailure}): says so as an
     * {@link OllamaUnavailableException} (503, or 502 for Ollama's errors). The failure came back from the call's
     * own error handler marked as dealt with (exhausted, failure handled); the marks are cleared, else the HTTP route's
     * error handler would leave it alone and the client would get an empty 500.
     */
    public void questionFailed(Exchange exchange) {
        Throwable failure = exchange.getProperty("ollamaFailure", Throwable.class);
        exchange.getExchangeExtension().setErrorHandlerHandled(null);
        exchange.getExchangeExtension().setRedeliveryExhausted(false);
        exchange.getExchangeExtension().setFailureHandled(false);
        if (OllamaFailures.isOutage(failure) || OllamaFailures.isConnectionFailure(failure)) {
            throw new OllamaUnavailableException("Ollama at " + availability.host() + " cannot be reached: "
                    + OllamaFailures.reason(failure), 503, failure);
        }
        throw new OllamaUnavailableException("Ollama at " + availability.host() + " answered with an error: "
                + OllamaFailures.reason(failure), 502, failure);
    }

    static boolean failFast(Exchange exchange) {
        return exchange.getProperty(FAIL_FAST, false, Boolean.class);
    }
}
