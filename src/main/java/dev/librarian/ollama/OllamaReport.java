package dev.librarian.ollama;

import dev.librarian.api.ErrorDetail;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds what Librarian knows about Ollama to {@code GET /health} (from Camel's health checks) and to
 * {@code GET /documents/pipeline_status} (from the breaker, no network call).
 */
public final class OllamaReport {

    private static final List<String> DETAILS = List.of("status", "host", "since", "reason", "models", "missing_models");

    private final CamelContext camel;
    private final OllamaAvailability availability;
    private final OllamaHealthCheck check;

    public OllamaReport(CamelContext camel, OllamaAvailability availability, OllamaHealthCheck check) {
        this.camel = camel;
        this.availability = availability;
        this.check = check;
    }

    /**
     * {@code "ollama": {...}}, {@code "pipeline_waiting_for_ollama"} and the states of Camel's health checks
     * (those of single routes and consumers only when not UP: there are dozens).
     */
    public Map<String, Object> addToHealth(Map<String, Object> body) {
        // "full": every check's result, not only the failing ones
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(camel, "full");
        HealthCheck.Result ollama = results.stream().filter(r -> OllamaHealthCheck.ID.equals(r.getCheck().getId()))
                .findFirst().orElseGet(check::call);
        Map<String, Object> block = new LinkedHashMap<>();
        DETAILS.forEach(key -> {
            Object value = ollama.getDetails().get(key);
            if (value != null) {
                block.put(key, value);
            }
        });
        block.put("message", ollama.getMessage().orElse(""));
        body.put("ollama", block);
        body.put("pipeline_waiting_for_ollama", availability.waiting());
        availability.waitingMessage().ifPresent(m -> body.put("latest_message", m));
        Map<String, Object> checks = new TreeMap<>();
        results.stream().filter(r -> !r.getCheck().getId().contains(":") || r.getState() != HealthCheck.State.UP)
                .forEach(r -> checks.put(r.getCheck().getId(), r.getState().name()));
        body.put("checks", checks);
        return body;
    }

    /** {@code "ollama": {"status": "available" | "unreachable", ...}}; the latest message says when indexing waits. */
    public Map<String, Object> addToPipelineStatus(Map<String, Object> body) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("host", availability.host());
        availability.outage().ifPresentOrElse(o -> {
            block.put("status", "unreachable");
            block.put("since", o.since().toString());
            block.put("reason", o.reason());
        }, () -> block.put("status", "available"));
        body.put("ollama", block);
        availability.waitingMessage().ifPresent(m -> body.put("latest_message", m));
        return body;
    }

    /** The answer to a question whose Ollama call could not be made: the status and {"detail": why}. */
    public Map<String, Object> questionFailed(Exchange exchange) {
        OllamaUnavailableException failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                OllamaUnavailableException.class);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, failure == null ? 503 : failure.httpStatus());
        return ErrorDetail.of(failure == null ? "Ollama cannot be reached" : failure.getMessage());
    }
}
