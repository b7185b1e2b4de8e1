package dev.librarian.bench;

import dev.librarian.testing.ServerTimingHeader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.testing.PrometheusText;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The service's HTTP API as a benchmark uses it: one HTTP/1.1 client (it pools connections) for one service. */
final class ServiceClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    /** @param base {@code http://127.0.0.1:PORT} */
    ServiceClient(String base) {
        this.base = base;
    }

    HttpClient http() {
        return http;
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    /** {@code POST /documents/text}; returns the answer ({@code status}, {@code doc_id}, {@code track_id}). */
    JsonNode postText(String text, String fileSource) throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("text", text).put("file_source", fileSource).toString();
        return JSON.readTree(ok(post("/documents/text", body)));
    }

    /**
     * A question's context ({@code response} of {@code POST /query} with {@code only_need_context}), how long the
     * service took to build it from the library (its {@code Server-Timing} {@code context}; NaN without one) and the
     * round trip: from sending the request to the answer's last byte, without reading its JSON here.
     */
    record ContextAnswer(String context, double buildMillis, long roundTripNanos) {
    }

    /** {@code POST /query} with {@code only_need_context}. */
    ContextAnswer queryContext(String mode, String question) throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("query", question).put("mode", mode)
                .put("only_need_context", true).toString();
        long start = System.nanoTime();
        HttpResponse<String> answer = post("/query", body);
        long roundTrip = System.nanoTime() - start;
        return new ContextAnswer(JSON.readTree(ok(answer)).path("response").asText(),
                ServerTimingHeader.metrics(answer).getOrDefault("context", Double.NaN), roundTrip);
    }

    /** The status code of {@code GET /health}, or -1 while nothing answers. */
    int health() throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    PrometheusText metrics() throws IOException, InterruptedException {
        return new PrometheusText(ok(http.send(HttpRequest.newBuilder(uri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())));
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String ok(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri()
                    + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
