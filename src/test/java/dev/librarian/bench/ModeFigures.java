package dev.librarian.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * What one mode's measured queries came to: latency percentiles (nearest rank), the share of queries that found
 * context, the mean length of the contexts found and the keyword calls the fake Ollama received meanwhile.
 */
record ModeFigures(String mode, int queries, double medianMs, double p95Ms, double maxMs, double medianOwnMs,
                   double medianBuildMs, double foundShare, double meanContextChars, int keywordCalls) {

    static final String HEADER = "mode      median ms   p95 ms   max ms   own median ms   context build median ms"
            + "   context found   mean context chars   keyword calls";

    /**
     * Figures from per-query latencies, the service's own share of them (without the time inside Ollama), the time
     * the service took to build each context from the library (its {@code Server-Timing} {@code context}: without the
     * keyword and embedding calls and without HTTP) and context lengths ({@code -1} where the no-context answer came).
     */
    static ModeFigures of(String mode, long[] nanos, long[] ownNanos, double[] buildMillis, int[] contextChars,
                          int keywordCalls) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        long[] ownSorted = ownNanos.clone();
        Arrays.sort(ownSorted);
        double[] buildSorted = buildMillis.clone();
        Arrays.sort(buildSorted);
        int found = 0;
        long chars = 0;
        for (int c : contextChars) {
            if (c >= 0) {
                found++;
                chars += c;
            }
        }
        return new ModeFigures(mode, nanos.length, percentile(sorted, 0.5), percentile(sorted, 0.95),
                sorted[sorted.length - 1] / 1e6, percentile(ownSorted, 0.5), medianKnown(buildSorted),
                found / (double) nanos.length,
                found == 0 ? 0 : chars / (double) found, keywordCalls);
    }

    /** The median, or NaN when any value is unknown (an answer without the header must not pass as 0 ms). */
    private static double medianKnown(double[] sorted) {
        if (sorted.length == 0 || Double.isNaN(sorted[sorted.length - 1])) {
            return Double.NaN;
        }
        return sorted[Math.max(0, (int) Math.ceil(0.5 * sorted.length) - 1)];
    }

    private static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    String row() {
        return String.format(Locale.ROOT, "%-8s %10.2f %8.2f %8.2f %15.2f %25.2f %14.1f %% %20.0f %15d",
                mode, medianMs, p95Ms, maxMs, medianOwnMs, medianBuildMs, foundShare * 100, meanContextChars,
                keywordCalls);
    }
}
