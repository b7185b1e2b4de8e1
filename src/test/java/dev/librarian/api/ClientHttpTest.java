package dev.librarian.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RawHttp;
import dev.librarian.testing.RawHttp.Answer;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP as clients actually speak it, sent byte for byte as curl sends it: JSON bodies under curl's default form
 * type, raw UTF-8 in query strings, JSON for every error and unknown path, {@code HEAD /}, and the LightRAG calls
 * Librarian answers without doing LightRAG's work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientHttpTest {

    /** What curl sends with {@code -d} and no {@code -H 'Content-Type: …'}. */
    private static final String CURL_DEFAULT = "application/x-www-form-urlencoded";

    private FakeOllama ollama;
    private RunningLibrarian librarian;
    /** An entity of the indexed excerpt whose name is Cyrillic. */
    private String cyrillicEntity;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama,
                Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20"));
        String text = Corpus.excerpt(Corpus.TURGENEV, 5000, 1500);
        Answer inserted = post("/documents/text", CURL_DEFAULT,
                "{\"text\": " + quote(text) + ", \"file_source\": \"otcy.txt\"}");
        assertEquals(200, inserted.status(), inserted.body());
        String docId = inserted.json().get("doc_id").asText();
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(60)));
        for (JsonNode label : RunningLibrarian.json(librarian.get("/graph/label/list"))) {
            if (label.asText().chars().anyMatch(c -> Character.UnicodeBlock.of(c) == Character.UnicodeBlock.CYRILLIC)
                    && label.asText().length() >= 4) {
                cyrillicEntity = label.asText();
                break;
            }
        }
        assertTrue(cyrillicEntity != null, "the excerpt gives a Cyrillic entity name");
    }

    @AfterAll
    void stop() {
        librarian.close();
        ollama.close();
    }

    // ---- JSON bodies whatever the Content-Type ----

    @Test
    void json_bodies_sent_as_curl_sends_them_are_read_as_json() throws Exception {
        for (String type : new String[] {CURL_DEFAULT, "text/plain", null}) {
            Answer query = post("/query", type, "{\"query\": \"Who is Bazarov?\", \"mode\": \"bypass\"}");
            assertEquals(200, query.status(), type + " " + query.body());
            assertTrue(query.json().get("response").asText().startsWith("Summary: Who is Bazarov?"), query.body());
        }
        Answer stream = post("/query/stream", CURL_DEFAULT, "{\"query\": \"Who is Bazarov?\", \"mode\": \"bypass\"}");
        assertEquals(200, stream.status(), stream.body());
        assertTrue(stream.body().contains("\"response\""), stream.body());

        Answer chat = post("/api/chat", CURL_DEFAULT, "{\"model\": \"librarian:latest\", \"stream\": false, "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"/bypass 50% & more + less?\"}]}");
        assertEquals(200, chat.status(), chat.body());
        assertTrue(chat.json().get("message").get("content").asText().contains("50% & more + less?"),
                "the body is not decoded as a form: " + chat.body());

        Answer generate = post("/api/generate", CURL_DEFAULT, "{\"model\": \"librarian:latest\", \"stream\": false, "
                + "\"prompt\": \"/bypass Hello there\"}");
        assertEquals(200, generate.status(), generate.body());
        assertTrue(generate.json().get("response").asText().startsWith("Summary: Hello there"), generate.body());

        Answer insert = post("/insert", CURL_DEFAULT, "{\"text\": \"Аркадий приехал в Марьино весной.\"}");
        assertEquals(200, insert.status(), insert.body());
        assertEquals("success", insert.json().get("status").asText(), insert.body());
        Answer texts = post("/documents/texts", CURL_DEFAULT, "{\"texts\": [\"Базаров режет лягушек.\"], "
                + "\"file_sources\": [\"frogs.txt\"]}");
        assertEquals(200, texts.status(), texts.body());
        Answer page = post("/documents/paginated", CURL_DEFAULT, "{\"page\": 1, \"page_size\": 10}");
        assertEquals(200, page.status(), page.body());
        assertTrue(page.json().get("documents").size() >= 1, page.body());
    }

    @Test
    void a_real_form_body_is_a_json_error_not_a_crash() throws Exception {
        Answer form = post("/query", CURL_DEFAULT, "query=Who+is+Bazarov");
        assertEquals(400, form.status(), form.body());
        assertTrue(form.json().get("detail").asText().contains("not valid JSON"), form.body());
    }

    // ---- query strings ----

    @Test
    void raw_utf8_query_strings_find_what_percent_encoded_ones_find() throws Exception {
        String part = cyrillicEntity.substring(0, 4).toLowerCase(Locale.ROOT);
        Answer raw = get("/graph/label/search?q=" + part + "&limit=50");
        assertEquals(200, raw.status(), raw.body());
        assertTrue(strings(raw.json()).contains(cyrillicEntity), cyrillicEntity + " in " + raw.body());
        Answer encoded = get("/graph/label/search?q=" + URLEncoder.encode(part, StandardCharsets.UTF_8) + "&limit=50");
        assertEquals(raw.json(), encoded.json());

        Answer graph = get("/graphs?label=" + cyrillicEntity + "&max_depth=1");
        assertEquals(200, graph.status(), graph.body());
        JsonNode nodes = graph.json().get("nodes");
        assertFalse(nodes.isEmpty(), "raw label finds the entity: " + graph.body());
        assertEquals(graph.json(), get("/graphs?label=" + URLEncoder.encode(cyrillicEntity, StandardCharsets.UTF_8)
                + "&max_depth=1").json());
    }

    // ---- errors and unknown paths in JSON ----

    @Test
    void unknown_paths_and_methods_answer_json_in_the_shape_the_client_reads() throws Exception {
        Answer lightRag = get("/no/such/path");
        assertEquals(404, lightRag.status());
        assertTrue(lightRag.isJson(), lightRag.headers());
        assertTrue(lightRag.json().get("detail").asText().contains("/no/such/path"), lightRag.body());

        Answer ollamaPath = get("/api/pull");
        assertEquals(404, ollamaPath.status());
        assertTrue(ollamaPath.isJson(), ollamaPath.headers());
        assertTrue(ollamaPath.json().get("error").asText().contains("/api/pull"), ollamaPath.body());
        Answer pull = post("/api/pull", CURL_DEFAULT, "{\"model\": \"librarian:latest\"}");
        assertEquals(404, pull.status(), "a model cannot be pulled: " + pull.body());
        assertTrue(pull.isJson() && pull.json().get("error").asText().contains("/api/pull"), pull.body());
        Answer head = RawHttp.send(librarian.port(), "HEAD", "/api/nothing", null, null);
        assertEquals(404, head.status(), head.headers());

        Answer wrongMethod = get("/api/chat");
        assertEquals(405, wrongMethod.status());
        assertTrue(wrongMethod.json().has("error"), wrongMethod.body());
        Answer wrongMethodLightRag = get("/query");
        assertEquals(405, wrongMethodLightRag.status());
        assertTrue(wrongMethodLightRag.json().has("detail"), wrongMethodLightRag.body());
    }

    @Test
    void bad_requests_answer_json_errors_in_the_shape_the_client_reads() throws Exception {
        Answer ollama = post("/api/chat", "application/json", "{oops");
        assertEquals(400, ollama.status());
        assertTrue(ollama.json().get("error").asText().startsWith("Invalid JSON"), ollama.body());
        assertTrue(ollama.json().path("detail").isMissingNode());

        Answer generate = post("/api/generate", "application/json", "{\"model\": \"librarian:latest\"}");
        assertEquals(200, generate.status(), "no prompt is Ollama's load call: " + generate.body());

        Answer lightRag = post("/query", "application/json", "{\"query\": 42}");
        assertEquals(400, lightRag.status());
        assertTrue(lightRag.json().has("detail"), lightRag.body());
    }

    @Test
    void head_on_the_root_is_answered() throws Exception {
        Answer head = RawHttp.send(librarian.port(), "HEAD", "/", null, null);
        assertEquals(200, head.status(), head.headers());
        assertTrue(head.headers().contains("content-type: text/html"), head.headers());
        assertEquals("", head.body(), "no body for HEAD");
    }

    // ---- LightRAG calls ----

    @Test
    void lightrag_calls_are_answered_or_refused_in_json() throws Exception {
        Answer scan = post("/documents/scan", null, null);
        assertEquals(200, scan.status(), scan.body());
        assertEquals("scanning_started", scan.json().get("status").asText());
        assertTrue(scan.json().get("track_id").asText().startsWith("scan_"), scan.body());
        assertTrue(scan.json().get("message").asText().contains("not changed for 1000 ms (INBOX_STABLE_MS)"),
                "says when a file dropped in the inbox is taken: " + scan.body());

        Answer clear = post("/documents/clear_cache", "application/json", "{}");
        assertEquals(501, clear.status(), clear.body());
        assertTrue(clear.json().get("detail").asText().startsWith("clear_cache is not supported"), clear.body());

        assertEquals(true, get("/graph/entity/exists?name=" + cyrillicEntity).json().get("exists").asBoolean());
        assertEquals(false, get("/graph/entity/exists?name=Nobody%20at%20all").json().get("exists").asBoolean());
        assertEquals(400, get("/graph/entity/exists").status());

        Answer auth = get("/auth-status");
        assertEquals(200, auth.status(), auth.body());
        assertEquals(false, auth.json().get("auth_configured").asBoolean());
        assertEquals("disabled", auth.json().get("auth_mode").asText());
        assertEquals(false, auth.json().get("api_key_required").asBoolean());
    }

    private Answer get(String target) throws Exception {
        return RawHttp.send(librarian.port(), "GET", target, null, null);
    }

    private Answer post(String target, String contentType, String body) throws Exception {
        return RawHttp.send(librarian.port(), "POST", target, contentType, body);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String quote(String s) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
    }
}
