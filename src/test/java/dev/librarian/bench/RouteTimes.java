package dev.librarian.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.testing.PrometheusText;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Where a phase's time goes inside the service: the mean time per exchange of some routes over the phase, from the
 * route timers of {@code /metrics} read before and after it. Routes nest (query-retrieve runs inside query), so the
 * figures overlap by design.
 */
final class RouteTimes {

    /** A question's routes. */
    static final List<String> QUERY = List.of("http-query", "query", "query-retrieve", "llm-now",
            "llm-call", "embed-now", "ollama-embed", "query-answer", "query-cache-write", "json-reply");
    /** An accepted text's routes, up to its answer. */
    static final List<String> ACCEPT = List.of("http-documents-text", "insert-text", "insert-batch", "accept",
            "json-reply");

    private final List<String> routes;
    private final PrometheusText before;
    private final PrometheusText after;

    private RouteTimes(List<String> routes, PrometheusText before, PrometheusText after) {
        this.routes = routes;
        this.before = before;
        this.after = after;
    }

    static RouteTimes between(List<String> routes, PrometheusText before, PrometheusText after) {
        return new RouteTimes(routes, before, after);
    }

    void print(PrintStream out) {
        out.println("route               exchanges   mean ms");
        for (String route : routes) {
            long count = count(route);
            if (count > 0) {
                out.printf(Locale.ROOT, "%-18s %10d %9.2f%n", route, count, meanMillis(route));
            }
        }
    }

    ObjectNode json() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (String route : routes) {
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
