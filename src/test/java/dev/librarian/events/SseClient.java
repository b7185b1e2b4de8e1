package dev.librarian.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Server-Sent Events client on java.net.http, reading the stream line by line as it arrives. */
final class SseClient implements AutoCloseable {

    /** One event: its name and parsed data, or a comment line ({@code name} "comment", data null). */
    record Event(String name, JsonNode data, String comment) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Event END = new Event("end", null, null);

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    static SseClient connect(String url) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        return new SseClient(response);
    }

    HttpResponse<Stream<String>> response() {
        return response;
    }

    private void read() {
        String name = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.startsWith(":")) {
                    events.add(new Event("comment", null, line.substring(1).strip()));
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                } else if (line.isEmpty() && name != null) {
                    events.add(new Event(name, JSON.readTree(data.toString()), null));
                    name = null;
                    data.setLength(0);
                }
            }
        } catch (Exception closed) {
            // the stream ended or was cancelled
        }
        events.add(END);
    }

    /** The next event, or null when none came in time; {@code "end"} when the server closed the stream. */
    Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Events up to and including the first one {@code until} accepts. */
    List<Event> until(java.util.function.Predicate<Event> until, Duration timeout) throws InterruptedException {
        List<Event> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Event e = next(Duration.ofMillis(100));
            if (e != null) {
                seen.add(e);
                if (until.test(e)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("the awaited event did not come; got " + seen);
    }

    @Override
    public void close() {
        response.body().close();
    }
}
