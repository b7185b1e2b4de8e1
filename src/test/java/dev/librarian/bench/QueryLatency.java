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
 * still compiles), then the measured questions one after the other, {@code only_need_context}.
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
            int[] contextChars = new int[measured.size()];
            for (int i = 0; i < measured.size(); i++) {
                long start = System.nanoTime();
                String context = client.queryContext(mode, measured.get(i));
                nanos[i] = System.nanoTime() - start;
                contextChars[i] = context.equals(QueryResults.NO_CONTEXT_RESPONSE) ? -1 : context.length();
            }
            latency.figures.add(ModeFigures.of(mode, nanos, contextChars,
                    ollama.chatCalls(FakeOllama.Kind.KEYWORDS) - keywordsBefore));
        }
        return latency;
    }

    boolean holds() {
        return figures.stream().allMatch(f -> f.medianMs() <= TARGET_MEDIAN_MS);
    }

    void print(PrintStream out) {
        out.println(ModeFigures.HEADER);
        figures.forEach(f -> out.println(f.row()));
        out.printf(Locale.ROOT, "acceptance median <= %.0f ms in every mode: %s%n", TARGET_MEDIAN_MS,
                holds() ? "holds" : "MISSED for " + figures.stream().filter(f -> f.medianMs() > TARGET_MEDIAN_MS)
                        .map(ModeFigures::mode).toList());
    }

    ArrayNode json() {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (ModeFigures f : figures) {
            rows.addObject().put("mode", f.mode()).put("queries", f.queries()).put("median_ms", f.medianMs())
                    .put("p95_ms", f.p95Ms()).put("max_ms", f.maxMs()).put("context_found_share", f.foundShare())
                    .put("mean_context_chars", f.meanContextChars()).put("keyword_calls", f.keywordCalls())
                    .put("holds", f.medianMs() <= TARGET_MEDIAN_MS);
        }
        return rows;
    }
}
