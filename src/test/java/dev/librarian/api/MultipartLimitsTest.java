package dev.librarian.api;

import dev.librarian.intake.DocumentIds;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multipart uploads: several files under one field name are refused (not one kept and the rest dropped). */
class MultipartLimitsTest {

    private static final String BOUNDARY = "----librarianTest";

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
    private RunningLibrarian librarian;

    @BeforeEach
    void start() throws Exception {
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama, Map.of());
    }

    @AfterEach
    void stop() {
        librarian.close();
        ollama.close();
    }

    @Test
    void two_file_parts_are_both_indexed_or_refused() throws Exception {
        HttpResponse<String> answer = upload(part("file", "a.txt", "Anna writes to Boris.")
                + part("file", "b.txt", "Kitty writes to Levin.") + "--" + BOUNDARY + "--\r\n");
        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(RunningLibrarian.json(answer).get("detail").asText().contains("2 file parts"), answer.body());
        assertEquals(0, librarian.status().all().size(), "neither file was taken half");
    }

    @Test
    void an_unterminated_multipart_body_gets_400_within_seconds() throws Exception {
        byte[] body = part("file", "a.txt", "Anna writes to Boris.").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", librarian.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(uploadHead(body.length));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            long started = System.nanoTime();
            String answer = readAnswer(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(System.nanoTime() - started < 10_000_000_000L);
            assertTrue(answer.contains("closing boundary"), answer);
        }
        assertEquals(0, librarian.status().all().size(), "nothing of the incomplete upload was taken");
    }

    @Test
    void a_body_that_stops_arriving_gets_408_and_the_connection_is_closed() throws Exception {
        librarian.close();
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama,
                Map.of("BODY_IDLE_TIMEOUT", "2"));
        byte[] body = (part("file", "a.txt", "Anna writes to Boris.") + "--" + BOUNDARY + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", librarian.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(uploadHead(body.length));
            socket.getOutputStream().write(body, 0, body.length / 2);
            socket.getOutputStream().flush();
            long started = System.nanoTime();
            String answer = readAnswer(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(System.nanoTime() - started < 10_000_000_000L);
            assertTrue(answer.contains("stopped arriving"), answer);
            assertEquals(-1, socket.getInputStream().read(), "the connection is closed");
        }
        assertEquals(0, librarian.status().all().size(), "nothing of the half upload was taken");
    }

    @Test
    void files_under_their_own_field_names_are_all_indexed() throws Exception {
        HttpResponse<String> answer = upload(part("file", "a.txt", "Anna writes to Boris.")
                + part("file2", "b.txt", "Kitty writes to Levin.") + "--" + BOUNDARY + "--\r\n");
        assertEquals(200, answer.statusCode(), answer.body());
        for (String name : List.of("a.txt", "b.txt")) {
            String docId = "doc-" + DocumentIds.md5Hex(name);
            assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(60)), name);
        }
        assertEquals(2, librarian.status().all().size(), "no part was dropped: " + librarian.status().all());
    }

    /**
     * A slow but steady client: its upload takes longer than both BODY_IDLE_TIMEOUT and the grace after a body's
     * end, and pauses longer than that grace before its last piece, yet never as long as BODY_IDLE_TIMEOUT: it is
     * read whole and indexed, never refused 400 or 408.
     */
    @Test
    void a_slow_but_steady_upload_is_indexed_whole() throws Exception {
        librarian.close();
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama,
                Map.of("BODY_IDLE_TIMEOUT", "5"));
        StringBuilder text = new StringBuilder();
        for (int line = 1; line <= 12; line++) {
            text.append("Line ").append(line).append(": Anna writes to Boris from Moscow about the winter.\n");
        }
        byte[] body = (part("file", "slow.txt", text.toString()) + "--" + BOUNDARY + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        int pieces = 7;
        long started = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", librarian.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(uploadHead(body.length));
            socket.getOutputStream().flush();
            for (int i = 0; i < pieces; i++) {
                int from = body.length * i / pieces;
                int to = body.length * (i + 1) / pieces;
                Thread.sleep(i == pieces - 1 ? 3500 : 700);
                socket.getOutputStream().write(body, from, to - from);
                socket.getOutputStream().flush();
            }
            String answer = readAnswer(socket.getInputStream());
            assertTrue(System.nanoTime() - started > 7_000_000_000L, "the upload took longer than the bounds");
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("\"status\":\"success\""), answer);
        }
        String docId = "doc-" + DocumentIds.md5Hex("slow.txt");
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(60)));
        assertEquals(text.toString().strip().length(),
                librarian.status().record(docId).orElseThrow().toJson().get("content_length").asInt(),
                "the whole text was read");
    }

    private HttpResponse<String> upload(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(librarian.url("/documents/upload")))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private byte[] uploadHead(int contentLength) {
        return ("POST /documents/upload HTTP/1.1\r\nHost: 127.0.0.1:" + librarian.port()
                + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\nContent-Length: "
                + contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String part(String field, String fileName, String content) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/plain\r\n\r\n" + content + "\r\n";
    }

    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (complete(out.toString(StandardCharsets.UTF_8))) {
                    break;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return "no answer: " + out.toString(StandardCharsets.UTF_8);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The head and as much of the body as Content-Length announces have arrived. */
    private static boolean complete(String answer) {
        int head = answer.indexOf("\r\n\r\n");
        if (head < 0) {
            return false;
        }
        Matcher length = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)")
                .matcher(answer.substring(0, head));
        return !length.find()
                || answer.getBytes(StandardCharsets.UTF_8).length - head - 4 >= Integer.parseInt(length.group(1));
    }
}
