package dev.librarian.progress;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How fast a document's chunks are extracted lately: chunks that needed the LLM, over the last window (or since
 * extraction started, when that is shorter). Chunks answered from the LLM cache cost no time and are not counted,
 * so a resumed document does not promise an ETA the LLM cannot keep. Not thread-safe; times are in nanoseconds.
 */
final class ExtractionPace {

    private final long windowNanos;
    private final Deque<Long> completions = new ArrayDeque<>();
    private final long startedNanos;

    ExtractionPace(long windowNanos, long startedNanos) {
        this.windowNanos = windowNanos;
        this.startedNanos = startedNanos;
    }

    void chunkExtracted(long nowNanos) {
        completions.addLast(nowNanos);
        forgetBefore(nowNanos - windowNanos);
    }

    /** Chunks per second, or null before the LLM has extracted any chunk in the window. */
    Double chunksPerSecond(long nowNanos) {
        forgetBefore(nowNanos - windowNanos);
        if (completions.isEmpty()) {
            return null;
        }
        long span = Math.max(1_000_000L, Math.min(windowNanos, nowNanos - startedNanos));
        return completions.size() / (span / 1e9);
    }

    private void forgetBefore(long oldest) {
        while (!completions.isEmpty() && completions.peekFirst() < oldest) {
            completions.removeFirst();
        }
    }
}
