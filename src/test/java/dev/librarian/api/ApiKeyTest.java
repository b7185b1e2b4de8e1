package dev.librarian.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.testing.LibrarianExtension;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code LIGHTRAG_API_KEY}: every route but {@code /health} wants the key in {@code X-API-Key}, as LightRAG does. */
class ApiKeyTest {

    private static final String KEY = "s3cret-key-42";
    /** One request per kind of route: document API, insert, query, Ollama emulation, an unknown path. */
    private static final List<Call> GUARDED = List.of(
            new Call("GET", "/documents/", null),
            new Call("GET", "/documents/status_counts", null),
            new Call("GET", "/documents/pipeline_status", null),
            new Call("POST", "/documents/paginated", "{}"),
            new Call("POST", "/documents/text", "{\"text\": \"Иван живёт в Москве.\", \"file_source\": \"a.txt\"}"),
            new Call("POST", "/insert", "{\"text\": \"Мария живёт в Твери.\"}"),
            new Call("POST", "/query", "{\"query\": \"Кто живёт в Москве?\", \"mode\": \"naive\"}"),
            new Call("POST", "/query/data", "{\"query\": \"Кто живёт в Москве?\"}"),
            new Call("GET", "/api/tags", null),
            new Call("GET", "/graphs?label=x", null),
            new Call("GET", "/graph/label/list", null),
            new Call("POST", "/api/chat", "{\"model\": \"librarian:latest\", \"stream\": false, "
                    + "\"messages\": [{\"role\": \"user\", \"content\": \"/bypass Привет\"}]}"));
    /** Paths other areas serve or will serve; without a key they must be refused all the same. */
    private static final List<Call> OTHER = List.of(new Call("GET", "/metrics", null),
            new Call("GET", "/documents/events", null), new Call("GET", "/no/such/path", null));

    @RegisterExtension
    final LibrarianExtension service = LibrarianExtension.withEmbeddingDim(16)
            .settings(Map.of("LIGHTRAG_API_KEY", KEY));

    private final HttpClient http = HttpClient.newHttpClient();

    record Call(String method, String path, String json) {
    }

    @Test
    void should_refuse_every_route_without_the_key_and_change_nothing() throws Exception {
        for (Call call : concat(GUARDED, OTHER)) {
            HttpResponse<String> response = send(call, null);
            assertEquals(403, response.statusCode(), call + " " + response.body());
            assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
            assertTrue(reason(call, response).startsWith("API Key required"), response.body());
        }
        assertEquals(0, service.ollama().chatCalls(), "no refused request reached the LLM");
        assertEquals(0, service.librarian().status().all().size(), "no refused insert made a document");
    }

    @Test
    void should_refuse_a_wrong_key() throws Exception {
        for (Call call : concat(GUARDED, OTHER)) {
            HttpResponse<String> response = send(call, "guess");
            assertEquals(403, response.statusCode(), call + " " + response.body());
            assertEquals("Invalid API Key", reason(call, response));
        }
        assertEquals(0, service.librarian().status().all().size());
    }

    @Test
    void should_serve_every_route_with_the_key() throws Exception {
        for (Call call : GUARDED) {
            HttpResponse<String> response = send(call, KEY);
            assertEquals(200, response.statusCode(), call + " " + response.body());
        }
        JsonNode counts = json(send(new Call("GET", "/documents/status_counts", null), KEY)).get("status_counts");
        assertEquals(2, counts.get("all").asInt(), "both inserts were accepted");
    }

    @Test
    void should_serve_the_web_page_files_without_the_key_but_not_the_data_they_show() throws Exception {
        for (String path : List.of("/", "/ui/app.js", "/ui/style.css")) {
            HttpResponse<String> file = send(new Call("GET", path, null), null);
            assertEquals(200, file.statusCode(), path + " " + file.body());
        }
        assertEquals(403, send(new Call("GET", "/ui/../documents", null), null).statusCode(),
                "a path that only starts like a page file is not let through");
        assertEquals(404, send(new Call("GET", "/ui/..%2F..%2Fdocuments", null), null).statusCode(),
                "an encoded way out of /ui/ finds no page file and no data");
        assertEquals(403, send(new Call("GET", "/documents", null), null).statusCode());
    }

    @Test
    void should_take_the_key_as_a_bearer_token_as_open_webui_sends_it() throws Exception {
        for (Call call : GUARDED) {
            HttpResponse<String> response = http.send(request(call).header("Authorization", "Bearer " + KEY).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), call + " " + response.body());
        }
        HttpResponse<String> wrong = http.send(request(GUARDED.get(0)).header("Authorization", "Bearer guess").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, wrong.statusCode());
        HttpResponse<String> basic = http.send(request(GUARDED.get(0)).header("Authorization", "Basic " + KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, basic.statusCode(), "only a bearer token is a key");
    }

    @Test
    void should_answer_ollama_clients_in_ollamas_error_shape() throws Exception {
        HttpResponse<String> response = send(new Call("GET", "/api/tags", null), null);
        assertEquals(403, response.statusCode());
        assertTrue(json(response).get("error").asText().startsWith("API Key required"), response.body());
        assertTrue(json(response).path("detail").isMissingNode(), response.body());
    }

    @Test
    void should_tell_lightrag_clients_whether_a_key_is_needed_without_one() throws Exception {
        HttpResponse<String> response = send(new Call("GET", "/auth-status", null), null);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(false, json(response).get("auth_configured").asBoolean());
        assertEquals(true, json(response).get("api_key_required").asBoolean());
    }

    @Test
    void should_leave_health_open() throws Exception {
        HttpResponse<String> health = send(new Call("GET", "/health", null), null);
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("healthy", json(health).get("status").asText());
    }

    private static List<Call> concat(List<Call> a, List<Call> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private HttpResponse<String> send(Call call, String key) throws Exception {
        HttpRequest.Builder request = request(call);
        if (key != null) {
            request.header(ApiKeyGuard.HEADER, key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.librarian().url(call.path())));
        if (call.json() == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(call.json()));
        }
        return request;
    }

    /** The refusal's reason where the client reads it: Ollama's "error" under /api/, LightRAG's "detail" elsewhere. */
    private static String reason(Call call, HttpResponse<String> response) throws Exception {
        return json(response).get(call.path().startsWith("/api/") ? "error" : "detail").asText();
    }
}
