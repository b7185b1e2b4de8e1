package dev.librarian.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the HTTP server exposes with the default settings: only the loopback interface, no file outside the working
 * directory, bodies above {@code MAX_UPLOAD_SIZE} refused with 413, malformed JSON answered with 400 and a message.
 */
class HttpServerSafetyTest {

    private static final int LIMIT = 64 * 1024;
    private static final String SECRET = "SECRET-" + UUID.randomUUID();

    @TempDir
    Path tmp;
    private FakeOllama ollama;
    private RunningLibrarian librarian;

    @BeforeEach
    void start() throws Exception {
        ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
        // a file beside the working directory, which a path traversal would try to reach
        Files.writeString(tmp.resolve("secret.txt"), SECRET);
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama,
                Map.of("MAX_UPLOAD_SIZE", String.valueOf(LIMIT), "CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20"));
    }

    @AfterEach
    void stop() {
        librarian.close();
        ollama.close();
    }

    @Test
    void should_listen_on_the_loopback_interface_only_by_default() throws Exception {
        VertxPlatformHttpRouter router = librarian.context().getRegistry()
                .findByType(VertxPlatformHttpRouter.class).iterator().next();
        assertEquals("127.0.0.1", router.getServer().getHost());
        int port = router.getServer().getPort();
        try (Socket loopback = new Socket()) {
            loopback.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
        Optional<InetAddress> external = externalAddress();
        if (external.isPresent()) {
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(external.get(), port), 2000);
                }
            }, "the server must not answer on " + external.get());
        }
    }

    @Test
    void should_serve_no_file_outside_the_working_directory() throws Exception {
        List<String> attempts = List.of(
                "/..%2F..%2Fetc%2Fpasswd",
                "/documents/../../etc/passwd",
                "/documents/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
                "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                "/..%2Fsecret.txt",
                "/../secret.txt",
                "/documents/..%2F..%2Fsecret.txt",
                "/documents/track_status/..%2F..%2Fsecret.txt",
                "/%2e%2e%5csecret.txt",
                "/etc/passwd");
        for (String path : attempts) {
            String answer = rawGet(path);
            assertFalse(answer.contains("root:"), path + " served /etc/passwd:\n" + answer);
            assertFalse(answer.contains(SECRET), path + " served a file outside WORKING_DIR:\n" + answer);
            assertFalse(answer.startsWith("HTTP/1.1 200") && !path.startsWith("/documents/track_status/"),
                    path + " answered 200:\n" + answer);
        }
    }

    @Test
    void should_refuse_a_body_above_the_limit_with_413_and_keep_serving() throws Exception {
        String big = Corpus.excerpt(Corpus.TURGENEV, 0, 2 * LIMIT);
        HttpResponse<String> tooLarge = librarian.post("/documents/text",
                "{\"text\": \"" + big.replace("\\", "").replace("\"", "").replace("\n", " ")
                        + "\", \"file_source\": \"big.txt\"}");
        assertEquals(413, tooLarge.statusCode(), tooLarge.body());
        assertTrue(json(tooLarge).get("detail").asText().contains("MAX_UPLOAD_SIZE"), tooLarge.body());

        HttpResponse<String> upload = librarian.upload("big.txt", big.getBytes(StandardCharsets.UTF_8));
        assertEquals(413, upload.statusCode(), upload.body());
        assertTrue(json(upload).get("detail").asText().contains(String.valueOf(LIMIT)), upload.body());
        HttpResponse<String> chat = librarian.post("/api/chat", "{\"model\": \"librarian:latest\", \"messages\": "
                + "[{\"role\": \"user\", \"content\": \"" + big.replace("\\", "").replace("\"", "")
                .replace("\n", " ") + "\"}]}");
        assertEquals(413, chat.statusCode(), chat.body());
        assertTrue(json(chat).path("error").asText().contains("MAX_UPLOAD_SIZE"), "Ollama's shape: " + chat.body());

        assertEquals(0, librarian.status().all().size(), "nothing of a refused body was kept");
        HttpResponse<String> small = librarian.post("/documents/text",
                "{\"text\": \"Иван Петрович живёт в Москве.\", \"file_source\": \"small.txt\"}");
        assertEquals(200, small.statusCode(), small.body());
    }

    @Test
    void should_answer_malformed_json_with_400_and_a_message_on_every_json_route() throws Exception {
        for (String path : List.of("/documents/text", "/documents/texts", "/insert", "/documents/paginated",
                "/query", "/query/data", "/query/stream")) {
            HttpResponse<String> response = librarian.post(path, "{\"text\": \"unterminated");
            assertEquals(400, response.statusCode(), path + " " + response.body());
            JsonNode body = json(response);
            String detail = body.get("detail").asText();
            assertFalse(detail.isBlank(), path);
            assertTrue(detail.toLowerCase().contains("json"), path + " " + detail);
        }
        assertEquals(0, librarian.status().all().size());
        assertEquals(0, ollama.chatCalls());
    }

    /** A request sent byte for byte as written, so no client normalises the path first. */
    private String rawGet(String path) throws IOException {
        String port = URI.create(librarian.url("/")).getPort() + "";
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(port))) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Optional<InetAddress> externalAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
