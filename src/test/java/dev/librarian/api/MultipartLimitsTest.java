package dev.librarian.api;

import dev.librarian.testing.LibrarianExtension;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multipart uploads: several files under one field name are refused (not one kept and the rest dropped). */
class MultipartLimitsTest {

    private static final String BOUNDARY = "----librarianTest";

    @RegisterExtension
    final LibrarianExtension service = LibrarianExtension.withEmbeddingDim(16);

    @Test
    void two_file_parts_are_both_indexed_or_refused() throws Exception {
        String body = part("file", "a.txt", "Anna writes to Boris.") + part("file", "b.txt", "Kitty writes to Levin.")
                + "--" + BOUNDARY + "--\r\n";
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(service.librarian().url("/documents/upload")))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(RunningLibrarian.json(answer).get("detail").asText().contains("2 file parts"), answer.body());
        assertEquals(0, service.librarian().status().all().size(), "neither file was taken half");
    }

    @Disabled("not done: an unterminated multipart body still gets no answer (Vert.x's body handler never completes)")
    @Test
    void an_unterminated_multipart_body_gets_400_within_seconds() throws Exception {
        byte[] body = part("file", "a.txt", "Anna writes to Boris.").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", service.librarian().port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /documents/upload HTTP/1.1\r\nHost: 127.0.0.1:"
                    + service.librarian().port()
                    + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            long started = System.nanoTime();
            String answer = readAnswer(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(System.nanoTime() - started < 10_000_000_000L);
        }
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
                if (out.toString(StandardCharsets.UTF_8).contains("\r\n\r\n")) {
                    break;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return "no answer: " + out.toString(StandardCharsets.UTF_8);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
