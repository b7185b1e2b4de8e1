package dev.librarian.app;

import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.ForkedLibrarian;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service started from a directory with nothing beside it serves: its routes come from the class path (the jar),
 * and a folder of the user's own routes ({@code ROUTES_DIR}) replaces a built-in file of the same name and adds others.
 */
class RunsAnywhereTest {

    private static final FakeOllama OLLAMA = FakeOllama.start();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @AfterAll
    static void stopAll() {
        ForkedLibrarian.killAll();
        OLLAMA.close();
    }

    @Test
    void started_elsewhere_it_serves_the_built_in_routes_and_the_users_own() throws Exception {
        Path startDir = Files.createDirectories(tmp.resolve("elsewhere"));
        Path ownRoutes = Files.createDirectories(tmp.resolve("my-routes"));
        Files.writeString(ownRoutes.resolve("hello.camel.yaml"), """
                - route:
                    id: hello
                    from:
                      uri: platform-http:/hello
                      steps:
                        - setBody:
                            constant: "hello from my own route"
                """, StandardCharsets.UTF_8);
        // replaces the built-in metrics.camel.yaml (its rest and route ids are gone, this one answers instead)
        Files.writeString(ownRoutes.resolve("metrics.camel.yaml"), """
                - route:
                    id: my-metrics
                    from:
                      uri: platform-http:/metrics
                      steps:
                        - setBody:
                            constant: "my metrics"
                """, StandardCharsets.UTF_8);

        ForkedLibrarian service = ForkedLibrarian.start(startDir, tmp.resolve("cache"), tmp.resolve("inbox"), OLLAMA,
                Map.of("ROUTES_DIR", ownRoutes.toString()),
                List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m"), tmp.resolve("service.log"))
                .awaitReady(Duration.ofSeconds(120));

        assertFalse(Files.exists(startDir.resolve("routes")), "nothing beside the start directory");
        assertEquals(200, get(service, "/health").statusCode());
        HttpResponse<String> documents = get(service, "/documents");
        assertEquals(200, documents.statusCode(), "a built-in route from the class path: " + documents.body());
        assertTrue(documents.body().contains("statuses"), documents.body());
        assertEquals("hello from my own route", get(service, "/hello").body());
        assertEquals("my metrics", get(service, "/metrics").body());
        assertTrue(service.stop(Duration.ofSeconds(30)), "and stops gracefully");
    }

    private static HttpResponse<String> get(ForkedLibrarian service, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(service.url(path))).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
