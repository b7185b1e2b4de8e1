package dev.librarian.ollama;

import java.time.Duration;

/**
 * How Librarian watches Ollama: after {@code breakerThreshold} consecutive failed calls that look like an outage,
 * ingestion pauses (0 = never pause) and {@code /api/tags} is probed every {@code probeInterval}, each probe (and
 * each {@code /health} look) given at most {@code probeTimeout}.
 */
public record OllamaWatchSettings(int breakerThreshold, Duration probeInterval, Duration probeTimeout) {
}
