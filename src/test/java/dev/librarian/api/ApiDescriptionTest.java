package dev.librarian.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /openapi.json} describes the API (generated from the REST DSL routes), every path it lists exists, and
 * {@code GET /docs} is the page that renders it; both open without the API key, as LightRAG's are.
 */
class ApiDescriptionTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void openapi_lists_the_main_paths_and_every_listed_path_exists() throws Exception {
        try (FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
             RunningLibrarian librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama,
                     Map.of("LIGHTRAG_API_KEY", "secret"))) {
            HttpResponse<String> spec = send(librarian, "GET", "/openapi.json");
            assertEquals(200, spec.statusCode(), spec.body());
            JsonNode api = new ObjectMapper().readTree(spec.body());
            assertTrue(api.path("openapi").asText().startsWith("3."), spec.body());
            // the server a client sends the described calls to: this one, not a bind-all address
            assertEquals(librarian.url(""), api.path("servers").path(0).path("url").asText(), spec.body());
            JsonNode paths = api.path("paths");
            for (String main : List.of("/documents/text", "/documents/upload", "/documents", "/query",
                    "/query/stream", "/api/chat", "/api/generate", "/api/tags", "/api/show", "/graphs")) {
                assertTrue(paths.has(main), main + " is described; paths: " + names(paths));
            }
            assertTrue(paths.path("/documents/text").path("post").path("summary").asText().startsWith("Index"),
                    paths.path("/documents/text").toString());

            // a method no path takes: 405 where the path exists, 404 where it does not (HttpErrorPages)
            List<String> missing = new ArrayList<>();
            for (String path : names(paths)) {
                if (paths.path(path).has("patch")) {
                    continue;
                }
                String concrete = path.replaceAll("\\{[^}]+}", "x");
                int status = send(librarian, "PATCH", concrete).statusCode();
                if (status == 404) {
                    missing.add(path);
                }
            }
            assertTrue(missing.isEmpty(), "described but not served: " + missing);

            HttpResponse<String> docs = send(librarian, "GET", "/docs");
            assertEquals(200, docs.statusCode(), docs.body());
            assertTrue(docs.body().contains("/ui/docs.js"), docs.body());
            assertEquals(200, send(librarian, "GET", "/ui/docs.js").statusCode());
            assertEquals(200, send(librarian, "HEAD", "/").statusCode(), "HEAD / is answered");
        }
    }

    private static List<String> names(JsonNode paths) {
        List<String> names = new ArrayList<>();
        paths.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static HttpResponse<String> send(RunningLibrarian librarian, String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(librarian.url(path)))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
