package dev.librarian.api;

import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
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
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** While the service starts, /health answers 503 {"status": "starting"} in JSON, never Vert.x's HTML 404. */
class StartingTest {

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
    private RunningLibrarian librarian;

    @AfterEach
    void stop() {
        if (librarian != null) {
            librarian.close();
        }
        ollama.close();
    }

    @Test
    void health_says_starting_until_the_routes_are_up() throws Exception {
        // the port is picked before the service starts, as the test asks it while the routes start: the other test
        // JVM may take it in between, so a start that finds it taken is tried again on another
        for (int attempt = 1; ; attempt++) {
            List<String> seen = new ArrayList<>();
            try {
                librarian = startWatchingHealth(freePort(), tmp.resolve("attempt-" + attempt), seen);
                assertTrue(!seen.isEmpty(), "answered 'starting' while the routes started");
                return;
            } catch (CompletionException e) {
                if (attempt == 3 || !portTaken(e)) {
                    throw e;
                }
            }
        }
    }

    /** Starts the service on {@code port}, asking {@code /health} until it answers 200; the 503 answers seen. */
    private RunningLibrarian startWatchingHealth(int port, Path dir, List<String> seen) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        CompletableFuture<RunningLibrarian> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return RunningLibrarian.start(dir.resolve("cache"), dir.resolve("inbox"), ollama,
                        Map.of("PORT", String.valueOf(port)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && !starting.isCompletedExceptionally()) {
            try {
                HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    break;
                }
                assertEquals(503, answer.statusCode(), answer.body());
                assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
                assertTrue(answer.body().contains("\"status\": \"starting\""), answer.body());
                seen.add(answer.body());
            } catch (ConnectException notListening) {
                // the server is not listening yet
            } catch (IOException e) {
                // the server is just opening
            }
            Thread.sleep(5);
        }
        return starting.join();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean portTaken(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("cannot listen on") || message.contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }
}
