package dev.librarian.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.testing.LibrarianExtension;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without an API key, a web page of another origin cannot change or read the library (CSRF), nor can a page whose
 * name was rebound to 127.0.0.1 (DNS rebinding); the user's own page, listed CORS origins and scripts can.
 */
class BrowserOriginTest {

    private static final String EVIL = "http://evil.example";
    private static final String LISTED = "http://app.example:8080";
    private static final String TEXT = "{\"text\": \"pwned by a web page\", \"file_source\": \"anna.txt\"}";

    @RegisterExtension
    final LibrarianExtension service = LibrarianExtension.withEmbeddingDim(16)
            .settings(Map.of("CORS_ORIGINS", LISTED));

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void should_refuse_what_a_foreign_page_can_send_without_asking_and_index_nothing() throws Exception {
        List<HttpRequest.Builder> attacks = List.of(
                // a form-like simple request: no preflight in a browser
                simplePost("/documents/text", "text/plain", TEXT),
                simplePost("/documents/texts", "text/plain",
                        "{\"texts\": [\"pwned\"], \"file_sources\": [\"anna.txt\"]}"),
                simplePost("/insert", "text/plain", "{\"text\": \"pwned\"}"),
                multipart("/documents/upload", "anna.txt", "pwned by a web page"),
                simplePost("/query", "text/plain", "{\"query\": \"Who lives here?\", \"mode\": \"naive\"}"),
                simplePost("/documents/reprocess_failed", "text/plain", ""),
                simplePost("/api/chat", "text/plain", "{\"model\": \"librarian:latest\", \"stream\": false, "
                        + "\"messages\": [{\"role\": \"user\", \"content\": \"/bypass hi\"}]}"),
                get("/documents"));
        for (HttpRequest.Builder attack : attacks) {
            HttpResponse<String> answer = send(attack.header("Origin", EVIL));
            assertRefused(answer, "http://evil.example");
        }
        HttpResponse<String> refererOnly = send(simplePost("/documents/text", "text/plain", TEXT)
                .header("Referer", EVIL + "/page.html"));
        assertRefused(refererOnly, "http://evil.example");

        assertEquals(0, service.librarian().status().all().size(), "nothing was indexed");
        assertEquals(0, service.ollama().chatCalls() + service.ollama().embedRequests(),
                "no refused request reached Ollama");
    }

    @Test
    void should_refuse_a_foreign_host_name_as_dns_rebinding_sends_it() throws Exception {
        RawAnswer read = raw("GET /documents HTTP/1.1\r\nHost: evil.example:" + port() + "\r\n"
                + "Connection: close\r\n\r\n");
        assertEquals(403, read.status(), read.body());
        assertTrue(read.json().get("detail").asText().contains("ALLOWED_HOSTS"), read.body());

        byte[] body = TEXT.getBytes(StandardCharsets.UTF_8);
        RawAnswer write = raw("POST /documents/text HTTP/1.1\r\nHost: evil.example:" + port() + "\r\n"
                + "Origin: http://evil.example:" + port() + "\r\nContent-Type: text/plain\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n" + TEXT);
        assertEquals(403, write.status(), write.body());

        RawAnswer ollamaClient = raw("GET /api/tags HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertEquals(403, ollamaClient.status(), ollamaClient.body());
        assertTrue(ollamaClient.json().get("error").asText().contains("evil.example"),
                "Ollama's paths answer in Ollama's shape: " + ollamaClient.body());

        RawAnswer localhost = raw("GET /documents/status_counts HTTP/1.1\r\nHost: localhost:" + port()
                + "\r\nConnection: close\r\n\r\n");
        assertEquals(200, localhost.status(), "a loopback name is this server's: " + localhost.body());
        assertEquals(0, service.librarian().status().all().size(), "nothing was indexed");
    }

    @Test
    void should_serve_scripts_the_own_page_and_listed_origins() throws Exception {
        HttpResponse<String> curl = send(simplePost("/documents/text", "application/json",
                "{\"text\": \"Anna lives in Moscow.\", \"file_source\": \"curl.txt\"}"));
        assertEquals(200, curl.statusCode(), "a request without Origin is a script's: " + curl.body());

        HttpResponse<String> ownPage = send(simplePost("/documents/text", "application/json",
                "{\"text\": \"Boris lives in Tver.\", \"file_source\": \"page.txt\"}")
                .header("Origin", "http://127.0.0.1:" + port()).header("Referer", service.librarian().url("/")));
        assertEquals(200, ownPage.statusCode(), "the page's own origin: " + ownPage.body());

        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(
                        URI.create(service.librarian().url("/documents/text")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", LISTED)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode(), preflight.body());
        assertEquals(LISTED, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
        assertEquals("content-type", preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""));

        HttpResponse<String> listed = send(simplePost("/documents/text", "application/json",
                "{\"text\": \"Clara lives in Kazan.\", \"file_source\": \"app.txt\"}").header("Origin", LISTED));
        assertEquals(200, listed.statusCode(), listed.body());
        assertEquals(LISTED, listed.headers().firstValue("Access-Control-Allow-Origin").orElse(""),
                "a listed origin's page may read the answer");
        assertEquals(3, service.librarian().status().all().size(), "the three texts were accepted");

        HttpResponse<String> unlistedPreflight = http.send(HttpRequest.newBuilder(
                        URI.create(service.librarian().url("/query")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", EVIL)
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, unlistedPreflight.statusCode());
        assertTrue(unlistedPreflight.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void should_open_the_page_from_a_link_elsewhere_with_headers_that_keep_it_out_of_foreign_frames()
            throws Exception {
        HttpResponse<String> page = send(get("/").header("Referer", EVIL + "/links.html"));
        assertEquals(200, page.statusCode(), "the page holds no data: a link from another site opens it");
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'self'"));
        HttpResponse<String> data = send(get("/documents/status_counts"));
        assertEquals("nosniff", data.headers().firstValue("X-Content-Type-Options").orElse(""));
    }

    private static void assertRefused(HttpResponse<String> answer, String origin) throws IOException {
        String what = answer.request().method() + " " + answer.request().uri().getPath() + ": " + answer.body();
        assertEquals(403, answer.statusCode(), what);
        assertEquals("application/json; charset=utf-8", answer.headers().firstValue("Content-Type").orElse(""), what);
        JsonNode body = json(answer);
        JsonNode reason = answer.request().uri().getPath().startsWith("/api/") ? body.get("error") : body.get("detail");
        assertTrue(reason != null && reason.asText().contains(origin) && reason.asText().contains("CORS_ORIGINS"),
                what);
        assertTrue(answer.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), what);
    }

    private HttpRequest.Builder simplePost(String path, String contentType, String body) {
        return HttpRequest.newBuilder(URI.create(service.librarian().url(path))).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(service.librarian().url(path))).GET();
    }

    /** What an HTML form with {@code enctype="multipart/form-data"} sends. */
    private HttpRequest.Builder multipart(String path, String fileName, String content) {
        String boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName + "\"\r\nContent-Type: text/plain\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(service.librarian().url(path)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int port() {
        return URI.create(service.librarian().url("/")).getPort();
    }

    record RawAnswer(int status, String body) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(body);
        }
    }

    /** A request with a Host header of its own choosing, which java.net.http does not allow to set. */
    private RawAnswer raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(9, 12));
            int bodyStart = answer.indexOf("\r\n\r\n");
            return new RawAnswer(status, bodyStart < 0 ? "" : answer.substring(bodyStart + 4));
        }
    }
}
