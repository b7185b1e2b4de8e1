package dev.librarian.api;

import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow streamed answers are bounded: past MAX_STREAMED_ANSWERS one more is refused, other requests still answer; the
 * HTTP server serves HTTP_WORKER_THREADS requests at once.
 */
class StreamedAnswerBoundTest {

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
    private final HttpClient http = HttpClient.newHttpClient();
    private RunningLibrarian librarian;

    @AfterEach
    void stop() {
        librarian.close();
        ollama.close();
    }

    @Test
    void streams_past_the_bound_get_429_and_other_routes_keep_answering() throws Exception {
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama,
                Map.of("MAX_STREAMED_ANSWERS", "3"));
        CountDownLatch release = holdChatAnswers();
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        slow.add(stream("/query/stream", "{\"query\": \"Who is Bazarov?\", \"mode\": \"bypass\"}"));
        slow.add(stream("/query/stream", "{\"query\": \"Who is Anna?\", \"mode\": \"bypass\"}"));
        slow.add(stream("/api/chat", "{\"model\": \"librarian:latest\", \"stream\": true, \"messages\":"
                + " [{\"role\": \"user\", \"content\": \"/bypass Who is Kitty?\"}]}"));
        RunningLibrarian.await(Duration.ofSeconds(30), () -> ollama.inFlightChat() == 3, "three answers under way");

        HttpResponse<String> refused = stream("/query/stream", "{\"query\": \"Who is Levin?\", \"mode\": \"bypass\"}")
                .get(10, TimeUnit.SECONDS);
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(json(refused).get("detail").asText().contains("MAX_STREAMED_ANSWERS=3"), refused.body());
        HttpResponse<String> ollamaShape = stream("/api/chat", "{\"model\": \"librarian:latest\", \"stream\": true,"
                + " \"messages\": [{\"role\": \"user\", \"content\": \"/bypass Who is Oblonsky?\"}]}")
                .get(10, TimeUnit.SECONDS);
        assertEquals(429, ollamaShape.statusCode(), ollamaShape.body());
        assertTrue(json(ollamaShape).get("error").asText().contains("too many streamed answers"), ollamaShape.body());

        long started = System.nanoTime();
        assertEquals(200, librarian.get("/documents/status_counts").statusCode());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2), "other routes answer at once");

        release.countDown();
        for (CompletableFuture<HttpResponse<String>> answer : slow) {
            assertEquals(200, answer.get(30, TimeUnit.SECONDS).statusCode());
        }
        HttpResponse<String> again = stream("/query/stream", "{\"query\": \"Who is Levin?\", \"mode\": \"bypass\"}")
                .get(30, TimeUnit.SECONDS);
        assertEquals(200, again.statusCode(), "the slots are free again: " + again.body());
        assertEquals(3 + 1, ollama.requests("POST /api/chat"), "a refused question costs no LLM call");
    }

    @Test
    void http_worker_threads_is_how_many_requests_are_served_at_once() throws Exception {
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama,
                Map.of("HTTP_WORKER_THREADS", "2"));
        CountDownLatch release = holdChatAnswers();
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        slow.add(stream("/query/stream", "{\"query\": \"Who is Bazarov?\", \"mode\": \"bypass\"}"));
        slow.add(stream("/query/stream", "{\"query\": \"Who is Anna?\", \"mode\": \"bypass\"}"));
        RunningLibrarian.await(Duration.ofSeconds(30), () -> ollama.inFlightChat() == 2, "two answers under way");

        // both threads are held: the next request waits for one of them
        CompletableFuture<HttpResponse<String>> counts = http.sendAsync(HttpRequest.newBuilder(
                URI.create(librarian.url("/documents/status_counts"))).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1500);
        assertFalse(counts.isDone(), "answered while both HTTP worker threads were busy");
        release.countDown();
        assertEquals(200, counts.get(30, TimeUnit.SECONDS).statusCode());
        for (CompletableFuture<HttpResponse<String>> answer : slow) {
            assertEquals(200, answer.get(30, TimeUnit.SECONDS).statusCode());
        }
    }

    /** Every chat call the fake admits waits until the returned latch is released (at most a minute). */
    private CountDownLatch holdChatAnswers() {
        CountDownLatch release = new CountDownLatch(1);
        ollama.onChatAdmitted(call -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return release;
    }

    private CompletableFuture<HttpResponse<String>> stream(String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(librarian.url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
