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
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        CompletableFuture<RunningLibrarian> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama,
                        Map.of("PORT", String.valueOf(port)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
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
        librarian = starting.join();
        assertTrue(!seen.isEmpty(), "answered 'starting' while the routes started");
    }
}
