package dev.librarian.progress;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ExtractionPaceTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void should_measure_chunks_per_second_since_the_start_then_over_the_window() {
        ExtractionPace pace = new ExtractionPace(10 * SECOND, 0);
        assertNull(pace.chunksPerSecond(SECOND), "nothing extracted yet");
        pace.chunkExtracted(2 * SECOND);
        pace.chunkExtracted(4 * SECOND);
        assertEquals(0.5, pace.chunksPerSecond(4 * SECOND), 1e-9, "2 chunks in the 4 s since the start");
        for (int s = 5; s <= 20; s++) {
            pace.chunkExtracted(s * SECOND);
        }
        assertEquals(1.0, pace.chunksPerSecond(20 * SECOND), 0.11, "one a second over the last 10 s");
        assertNull(pace.chunksPerSecond(40 * SECOND), "nothing in the window: the pace is unknown again");
    }
}
