package dev.librarian.metrics;

import dev.librarian.llm.ChatRequest;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

/**
 * Counts and times every HTTP request the routes send to Ollama ({@code /api/chat}, {@code /api/embed}): Camel
 * reports each send, retries included, with its duration and failure, so one listener meters them all and the
 * routes stay free of metering steps. A chat call's kind comes from the {@code chatRequest} exchange property the
 * {@code llm-call} route sets.
 */
public final class OllamaCallMeter extends EventNotifierSupport {

    private final LibrarianMetrics metrics;

    public OllamaCallMeter(LibrarianMetrics metrics) {
        this.metrics = metrics;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        // Camel times a send (and reports it as sent) only when someone listens to its start too
        return event instanceof ExchangeSendingEvent || event instanceof ExchangeSentEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof ExchangeSentEvent sent)) {
            return;
        }
        String path = sent.getEndpoint().getEndpointBaseUri();
        long nanos = TimeUnit.MILLISECONDS.toNanos(sent.getTimeTaken());
        Exchange exchange = sent.getExchange();
        if (path.endsWith("/api/chat")) {
            ChatRequest request = exchange.getProperty("chatRequest", ChatRequest.class);
            metrics.llmCall(request == null ? "unknown" : request.kind(), outcome(exchange.getException()), nanos);
        } else if (path.endsWith("/api/embed")) {
            metrics.embedCall(outcome(exchange.getException()), nanos);
        }
    }

    /** {@code ok}, {@code http_4xx}, {@code http_5xx}, {@code timeout}, {@code unreachable}, {@code io_error} or {@code error}. */
    static String outcome(Throwable failure) {
        if (failure == null) {
            return "ok";
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return "http_" + http.getStatusCode() / 100 + "xx";
            }
            if (t instanceof InterruptedIOException) {
                return "timeout";
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return "unreachable";
            }
        }
        return failure instanceof IOException || failure.getCause() instanceof IOException ? "io_error" : "error";
    }
}
