package dev.librarian.metrics;

import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The outcome label of librarian_llm_calls_total tells Ollama's kinds of trouble apart. */
class OllamaCallMeterTest {

    @Test
    void should_label_each_kind_of_failure() {
        assertEquals("ok", OllamaCallMeter.outcome(null));
        assertEquals("http_5xx", OllamaCallMeter.outcome(http(503)));
        assertEquals("http_4xx", OllamaCallMeter.outcome(http(404)));
        assertEquals("timeout", OllamaCallMeter.outcome(new SocketTimeoutException("Read timed out")));
        assertEquals("unreachable", OllamaCallMeter.outcome(
                new IOException("Connect to http://localhost:11434 failed", new ConnectException("refused"))));
        assertEquals("io_error", OllamaCallMeter.outcome(new IOException("connection reset")));
        assertEquals("error", OllamaCallMeter.outcome(new IllegalStateException("odd")));
    }

    private static HttpOperationFailedException http(int status) {
        return new HttpOperationFailedException("http://localhost:11434/api/chat", status, "status " + status, null,
                Map.of(), "{\"error\":\"x\"}");
    }
}
