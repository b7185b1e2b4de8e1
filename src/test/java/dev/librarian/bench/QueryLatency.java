package dev.librarian.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.librarian.query.QueryResults;
import dev.librarian.testing.FakeOllama;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Context latency per query mode: warm-up questions in every mode first (so no mode is measured while another's code
 * still compiles), then the measured questions one after the other, {@code only_need_context}. Besides the time a
 * question takes, its own share: that time less what the fake Ollama spent on the question's keyword and embedding
 * calls (its configured latency and its work), i.e. what the service itself spent, HTTP to Ollama included.
 */
final class QueryLatency {

    static final double TARGET_MEDIAN_MS = 20;

    private final List<ModeFigures> figures = new ArrayList<>();

    private QueryLatency() {
    }

    static QueryLatency run(ServiceClient client, FakeOllama ollama, List<String> modes, List<String> warmUp,
                            List<String> measured) throws Exception {
        for (String mode : modes) {
            for (String question : warmUp) {
                client.queryContext(mode, question);
            }
        }
        QueryLatency latency = new QueryLatency();
        for (String mode : modes) {
            int keywordsBefore = ollama.chatCalls(FakeOllama.Kind.KEYWORDS);
            long[] nanos = new long[measured.size()];
            long[] ownNanos = new long[measured.size()];
            double[] buildMillis = new double[measured.size()];
            int[] contextChars = new int[measured.size()];
            for (int i = 0; i < measured.size(); i++) {
                long inOllamaBefore = ollama.handlingNanos();
                ServiceClient.ContextAnswer answer = client.queryContext(mode, measured.get(i));
                nanos[i] = answer.roundTripNanos();
                ownNanos[i] = nanos[i] - (ollama.handlingNanos() - inOllamaBefore);
                buildMillis[i] = answer.buildMillis();
                String context = answer.context();
                contextChars[i] = context.equals(QueryResults.NO_CONTEXT_RESPONSE) ? -1 : context.length();
            }
            latency.figures.add(ModeFigures.of(mode, nanos, ownNanos, buildMillis, contextChars,
                    ollama.chatCalls(FakeOllama.Kind.KEYWORDS) - keywordsBefore));
        }
        return latency;
    }

    boolean holds() {
        return figures.stream().allMatch(f -> f.medianMs() <= TARGET_MEDIAN_MS);
    }

    /** Whether building the context alone (Server-Timing) holds the target's median in every mode. */
    boolean buildHolds() {
        return figures.stream().allMatch(f -> f.medianBuildMs() <= TARGET_MEDIAN_MS);
    }

    void print(PrintStream out) {
        out.println(ModeFigures.HEADER);
        figures.forEach(f -> out.println(f.row()));
        out.printf(Locale.ROOT, "acceptance median <= %.0f ms in every mode: %s%n", TARGET_MEDIAN_MS,
                verdict(figures.stream().filter(f -> f.medianMs() > TARGET_MEDIAN_MS).map(ModeFigures::mode).toList()));
        out.printf(Locale.ROOT, "the same for the service's own share (the time inside the fake Ollama left out): %s%n",
                verdict(figures.stream().filter(f -> f.medianOwnMs() > TARGET_MEDIAN_MS).map(ModeFigures::mode)
                        .toList()));
        out.printf(Locale.ROOT, "the same for building the context from the library (Server-Timing \"context\": "
                + "without the keyword and embedding calls and HTTP): %s%n", verdict(figures.stream()
                .filter(f -> !(f.medianBuildMs() <= TARGET_MEDIAN_MS)).map(ModeFigures::mode).toList()));
    }

    private static String verdict(List<String> missedModes) {
        return missedModes.isEmpty() ? "holds" : "MISSED for " + missedModes;
    }

    ArrayNode json() {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (ModeFigures f : figures) {
            rows.addObject().put("mode", f.mode()).put("queries", f.queries()).put("median_ms", f.medianMs())
                    .put("p95_ms", f.p95Ms()).put("median_own_ms", f.medianOwnMs())
                    .put("median_context_build_ms", f.medianBuildMs()).put("max_ms", f.maxMs())
                    .put("context_found_share", f.foundShare())
                    .put("mean_context_chars", f.meanContextChars()).put("keyword_calls", f.keywordCalls())
                    .put("holds", f.medianMs() <= TARGET_MEDIAN_MS)
                    .put("own_holds", f.medianOwnMs() <= TARGET_MEDIAN_MS)
                    .put("context_build_holds", f.medianBuildMs() <= TARGET_MEDIAN_MS);
        }
        return rows;
    }
}
