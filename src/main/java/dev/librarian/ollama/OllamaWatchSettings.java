package dev.librarian.ollama;

import java.time.Duration;
import java.util.function.Function;

/**
 * How Librarian watches Ollama: after {@code breakerThreshold} consecutive failed calls that look like an outage,
 * ingestion pauses (0 = never pause) and {@code /api/tags} is probed every {@code probeInterval}, each probe (and
 * each {@code /health} look) given at most {@code probeTimeout}.
 */
public record OllamaWatchSettings(int breakerThreshold, Duration probeInterval, Duration probeTimeout) {

    /** Reads {@code OLLAMA_BREAKER_THRESHOLD}, {@code OLLAMA_PROBE_INTERVAL_MS}, {@code OLLAMA_PROBE_TIMEOUT_MS}. */
    public static OllamaWatchSettings from(Function<String, String> lookup) {
        return new OllamaWatchSettings(
                number(lookup, "OLLAMA_BREAKER_THRESHOLD", 5, 0),
                Duration.ofMillis(number(lookup, "OLLAMA_PROBE_INTERVAL_MS", 5000, 10)),
                Duration.ofMillis(number(lookup, "OLLAMA_PROBE_TIMEOUT_MS", 3000, 10)));
    }

    private static int number(Function<String, String> lookup, String key, int fallback, int min) {
        String v = lookup.apply(key);
        int value;
        try {
            value = v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number but is '" + v + "'", e);
        }
        if (value < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + " but is " + value);
        }
        return value;
    }
}
