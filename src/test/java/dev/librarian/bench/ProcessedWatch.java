package dev.librarian.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Follows {@code GET /documents/events} (Server-Sent Events) and tells when each document has finished, with the
 * local {@link System#nanoTime()} at which the event arrived: no polling, so the service does no extra work that
 * grows with the library.
 */
final class ProcessedWatch implements AutoCloseable {

    /** How a document ended: {@code processed} or {@code failed}, its chunk count and error, and when it was seen. */
    record Finished(String docId, String status, int chunks, String error, long seenNanos) {
        boolean processed() {
            return "processed".equals(status);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, CompletableFuture<Finished>> finished = new ConcurrentHashMap<>();
    private final Stream<String> lines;
    private final Thread reader;
    /** Why the stream ended, once it has: documents asked about later fail at once instead of waiting forever. */
    private volatile RuntimeException brokenOff;

    private ProcessedWatch(Stream<String> lines) {
        this.lines = lines;
        this.reader = new Thread(this::read, "processed-watch");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects; returns once the stream's headers have arrived, so no later change is missed. */
    static ProcessedWatch connect(ServiceClient client) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> response = client.http().send(
                HttpRequest.newBuilder(client.uri("/documents/events")).build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /documents/events answered " + response.statusCode());
        }
        return new ProcessedWatch(response.body());
    }

    /** Completes when the document is processed or failed (at once if it already was when the stream opened). */
    CompletableFuture<Finished> finished(String docId) {
        CompletableFuture<Finished> future = finished.computeIfAbsent(docId, id -> new CompletableFuture<>());
        RuntimeException broken = brokenOff;
        if (broken != null) {
            future.completeExceptionally(broken);
        }
        return future;
    }

    private void read() {
        String event = "";
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:") && event.equals("document")) {
                    onDocument(JSON.readTree(line.substring(5)), System.nanoTime());
                } else if (line.isEmpty()) {
                    event = "";
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(new IllegalStateException("the event stream broke off", e));
        }
        fail(new IllegalStateException("the event stream ended"));
    }

    private void fail(RuntimeException why) {
        brokenOff = why;
        finished.values().forEach(f -> f.completeExceptionally(why));
    }

    private void onDocument(JsonNode event, long now) {
        String status = event.path("status").asText();
        if (status.equals("processed") || status.equals("failed")) {
            String id = event.path("id").asText();
            finished(id).complete(new Finished(id, status, event.path("chunks_total").asInt(-1),
                    event.path("error_msg").asText(null), now));
        }
    }

    @Override
    public void close() {
        lines.close();
        reader.interrupt();
    }
}
