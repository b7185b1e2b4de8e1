package dev.librarian.bench;

import dev.librarian.bench.IngestProgress.Counts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The benchmark's progress line says how far ingestion is and, once every book is chunked, how long is left. */
class IngestProgressTest {

    @Test
    void should_show_the_share_of_known_chunks_and_which_books_are_not_chunked_yet() {
        assertEquals("[########----------------------]  25%  chunks 10/40 (1/3 books chunked)  books 0/3  0:05",
                IngestProgress.render(new Counts(10, 40, 1, 0, 3), 5));
    }

    @Test
    void should_estimate_the_time_left_from_the_chunk_rate_once_every_book_is_chunked() {
        assertEquals("[###############---------------]  50%  chunks 60/120  books 1/2  1:30  ETA ~1:30",
                IngestProgress.render(new Counts(60, 120, 2, 1, 2), 90));
    }

    @Test
    void should_show_a_full_bar_without_eta_when_done() {
        assertEquals("[##############################] 100%  chunks 120/120  books 2/2  2:05",
                IngestProgress.render(new Counts(120, 120, 2, 2, 2), 125));
    }
}
