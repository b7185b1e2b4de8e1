package dev.librarian.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A progress bar on stderr while a benchmark ingests: chunks extracted out of those known so far, books done,
 * elapsed time and a rough ETA. On a terminal it is one line updated in place; otherwise nothing is drawn (the
 * result lines say it all), so logs and CI output stay clean.
 */
final class IngestProgress extends Thread {

    /** Where ingestion stands: chunk counts are known for the books already chunked. */
    record Counts(long chunksDone, long chunksTotal, int booksChunked, int booksDone, int books) {
    }

    private static final int WIDTH = 30;

    private final Supplier<Counts> counts;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private volatile boolean running = true;

    IngestProgress(Supplier<Counts> counts, PrintStream out) {
        super("bench-progress");
        setDaemon(true);
        this.counts = counts;
        this.out = out;
    }

    /** Draws only when stderr is a terminal (and stdout too: System.console() asks for both), or when forced. */
    static boolean wanted(String option) {
        return switch (option) {
            case "on" -> true;
            case "off" -> false;
            default -> System.console() != null;
        };
    }

    @Override
    public void run() {
        while (running) {
            draw();
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Draws the last state and ends the line. */
    void finish() {
        running = false;
        interrupt();
        try {
            join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
        out.println();
    }

    private void draw() {
        out.print("\r" + render(counts.get(), (System.nanoTime() - start) / 1e9) + "\033[K");
        out.flush();
    }

    static String render(Counts c, double elapsedSeconds) {
        double share = c.chunksTotal() == 0 ? 0 : Math.min(1, c.chunksDone() / (double) c.chunksTotal());
        int filled = (int) Math.round(share * WIDTH);
        StringBuilder line = new StringBuilder("[").append("#".repeat(filled)).append("-".repeat(WIDTH - filled))
                .append(String.format(Locale.ROOT, "] %3.0f%%  chunks %d/%d", share * 100, c.chunksDone(),
                        c.chunksTotal()));
        boolean allChunked = c.booksChunked() == c.books();
        if (!allChunked) {
            line.append(String.format(Locale.ROOT, " (%d/%d books chunked)", c.booksChunked(), c.books()));
        }
        line.append(String.format(Locale.ROOT, "  books %d/%d  %s", c.booksDone(), c.books(), clock(elapsedSeconds)));
        if (allChunked && c.chunksDone() > 0 && c.chunksDone() < c.chunksTotal()) {
            double eta = elapsedSeconds * (c.chunksTotal() - c.chunksDone()) / c.chunksDone();
            line.append("  ETA ~").append(clock(eta));
        }
        return line.toString();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
