package dev.librarian.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.testing.PrometheusText;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Where a question's time goes inside the service: the mean time per exchange of the query routes over the question
 * phase, from the route timers of {@code /metrics} read before and after it. Routes nest (query-retrieve runs
 * inside query), so the figures overlap by design.
 */
final class QueryRouteTimes {

    private static final List<String> ROUTES = List.of("http-query", "query", "query-retrieve", "llm-now",
            "llm-call", "embed-now", "ollama-embed", "query-answer", "query-cache-write", "json-reply");

    private final PrometheusText before;
    private final PrometheusText after;

    private QueryRouteTimes(PrometheusText before, PrometheusText after) {
        this.before = before;
        this.after = after;
    }

    static QueryRouteTimes between(PrometheusText before, PrometheusText after) {
        return new QueryRouteTimes(before, after);
    }

    void print(PrintStream out) {
        out.println("route               exchanges   mean ms");
        for (String route : ROUTES) {
            long count = count(route);
            if (count > 0) {
                out.printf(Locale.ROOT, "%-18s %10d %9.2f%n", route, count, meanMillis(route));
            }
        }
    }

    ObjectNode json() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (String route : ROUTES) {
            if (count(route) > 0) {
                json.putObject(route).put("exchanges", count(route)).put("mean_ms", meanMillis(route));
            }
        }
        return json;
    }

    private long count(String route) {
        return Math.round(delta("camel_route_policy_seconds_count", route));
    }

    private double meanMillis(String route) {
        return delta("camel_route_policy_seconds_sum", route) * 1000 / count(route);
    }

    private double delta(String name, String route) {
        return after.sum(name, "routeId", route) - before.sum(name, "routeId", route);
    }
}
