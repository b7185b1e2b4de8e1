package dev.librarian.vector;

import java.time.Duration;

/**
 * When an index may merge its parts into one: once no change has reached it for a quiet while, and only a small share
 * of the time: after a merge it waits {@value #PAUSE_PER_MERGE_TIME} times as long as that merge took (an index whose
 * big part was updated is rebuilt whole, which costs CPU a local LLM may be using). Thread-safe.
 */
final class IdleMerges {

    static final int PAUSE_PER_MERGE_TIME = 10;

    private long lastChangeNanos = System.nanoTime();
    private long startedNanos = -1;
    private long notBeforeNanos = lastChangeNanos;

    synchronized void changed() {
        lastChangeNanos = System.nanoTime();
    }

    /** Whether a merge may start now, the index having had no change for {@code quiet}. */
    synchronized boolean due(Duration quiet) {
        long now = System.nanoTime();
        return startedNanos < 0 && now - lastChangeNanos >= quiet.toNanos() && now - notBeforeNanos >= 0;
    }

    synchronized void started() {
        startedNanos = System.nanoTime();
    }

    synchronized boolean running() {
        return startedNanos >= 0;
    }

    /** Ends the merge started last; how long it took. */
    synchronized Duration finished() {
        long now = System.nanoTime();
        long took = now - startedNanos;
        startedNanos = -1;
        notBeforeNanos = now + PAUSE_PER_MERGE_TIME * took;
        return Duration.ofNanos(took);
    }
}
