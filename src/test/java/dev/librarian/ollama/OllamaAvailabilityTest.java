package dev.librarian.ollama;

import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The breaker's bookkeeping, and how failures are read. */
class OllamaAvailabilityTest {

    private final List<String> events = new ArrayList<>();

    private OllamaAvailability breaker(int threshold) {
        OllamaAvailability a = new OllamaAvailability(List.of("http://ollama:11434"), threshold, Duration.ofSeconds(5),
                Clock.systemUTC());
        a.addListener(new OllamaAvailability.Listener() {
            @Override
            public void paused() {
                events.add("paused");
            }

            @Override
            public void resumed() {
                events.add("resumed");
            }
        });
        return a;
    }

    @Test
    void opens_after_threshold_failures_in_a_row_and_tells_its_listeners_once() {
        OllamaAvailability a = breaker(3);
        assertFalse(a.callFailed("Connection refused"));
        assertFalse(a.callFailed("Connection refused"));
        a.callSucceeded();
        assertFalse(a.callFailed("Connection refused"), "a success ended the streak");
        assertFalse(a.callFailed("Connection refused"));
        assertTrue(a.callFailed("Connection refused"));
        assertTrue(a.callFailed("Read timed out"), "still down");
        assertEquals(List.of("paused"), events);
        assertEquals("Waiting for Ollama at http://ollama:11434: Read timed out", a.waitingMessage().orElseThrow());

        a.probeFailed(new ConnectException("Connection refused"));
        assertEquals("Connection refused", a.outage().orElseThrow().reason());
        a.probeSucceeded();
        a.probeSucceeded();
        assertFalse(a.waiting());
        assertEquals(List.of("paused", "resumed"), events);
    }

    @Test
    void never_opens_with_threshold_zero() {
        OllamaAvailability a = breaker(0);
        for (int i = 0; i < 50; i++) {
            assertFalse(a.callFailed("Connection refused"));
        }
        assertFalse(a.waiting());
        assertEquals(List.of(), events);
    }

    @Test
    void holds_callers_until_ollama_is_back_or_they_must_stop() throws Exception {
        OllamaAvailability a = breaker(1);
        a.callFailed("Connection refused");
        CompletableFuture<Void> held = CompletableFuture.runAsync(() -> {
            try {
                a.awaitAvailable(() -> false);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertFalse(held.isDone(), "held while Ollama is down");
        a.probeSucceeded();
        held.get(2, TimeUnit.SECONDS);

        a.callFailed("Connection refused");
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
            try {
                a.awaitAvailable(() -> true);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        stopping.get(2, TimeUnit.SECONDS);
    }

    @Test
    void reads_failures_as_outages_or_not() {
        assertTrue(OllamaFailures.isOutage(new ConnectException("Connection refused")));
        assertTrue(OllamaFailures.isOutage(new SocketTimeoutException("Read timed out")));
        assertTrue(OllamaFailures.isOutage(http(500, "{\"error\":\"llama runner process has terminated\"}")));
        assertTrue(OllamaFailures.isOutage(http(502, "")));
        assertFalse(OllamaFailures.isOutage(http(503, "{\"error\":\"server busy, please try again\"}")), "busy = up");
        assertFalse(OllamaFailures.isOutage(http(404, "{\"error\":\"model not found\"}")));
        assertTrue(OllamaFailures.isUnreachable(new IOException("wrapped", new ConnectException("refused"))));
        assertFalse(OllamaFailures.isUnreachable(new SocketTimeoutException("Read timed out")));
        assertEquals("Connection refused",
                OllamaFailures.reason(new ConnectException("Connect to http://h:1 failed: Connection refused")));
        assertEquals("HTTP 500: {\"error\":\"x\"}", OllamaFailures.reason(http(500, "{\"error\":\"x\"}")));
        assertEquals("SocketTimeoutException", OllamaFailures.reason(new SocketTimeoutException()));
    }

    private static HttpOperationFailedException http(int status, String body) {
        return new HttpOperationFailedException("http://h:1/api/chat", status, "", null, Map.of(), body);
    }
}
