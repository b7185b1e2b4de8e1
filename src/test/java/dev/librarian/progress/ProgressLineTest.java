package dev.librarian.progress;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressLineTest {

    @Test
    void should_write_done_total_percent_pace_and_eta() {
        assertEquals("Идиот.txt: 120/315 chunks (38%), 4.1 chunks/s, ETA 00:00:47",
                ProgressLine.of("Идиот.txt", 120, 315, 4.12, 47.4));
    }

    @Test
    void should_write_hours_and_an_unknown_pace() {
        assertEquals("book.md: 0/2000 chunks (0%), ? chunks/s, ETA --:--:--",
                ProgressLine.of("book.md", 0, 2000, null, null));
        assertEquals("book.md: 1999/2000 chunks (99%), 0.5 chunks/s, ETA 01:01:01",
                ProgressLine.of("book.md", 1999, 2000, 0.5, 3661.0));
    }
}
