package dev.librarian.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 requests written byte for byte, as curl writes them: a query string with raw UTF-8 (which
 * {@link java.net.http.HttpClient} would percent-encode), a {@code HEAD}, any {@code Content-Type}.
 */
public final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawHttp() {
    }

    /** The answer: status, headers as one lower-cased text, body. */
    public record Answer(int status, String headers, String body) {

        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        public boolean isJson() {
            return headers.contains("content-type: application/json");
        }
    }

    /** {@code target} is written as it is (raw UTF-8 stays raw); {@code body} may be null. */
    public static Answer send(int port, String method, String target, String contentType, String body)
            throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\nConnection: close\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            return parse(socket.getInputStream().readAllBytes(), "HEAD".equals(method));
        }
    }

    private static Answer parse(byte[] raw, boolean head) throws IOException {
        String text = new String(raw, StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        if (split < 0) {
            throw new IOException("no complete answer: " + text);
        }
        String headers = text.substring(0, split).toLowerCase(Locale.ROOT);
        int status = Integer.parseInt(headers.substring(9, 12));
        String body = text.substring(split + 4);
        if (!head && headers.contains("transfer-encoding: chunked")) {
            body = unchunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static String unchunk(String chunked) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = chunked.getBytes(StandardCharsets.UTF_8);
        int i = 0;
        while (i < bytes.length) {
            int eol = indexOf(bytes, i);
            int size = Integer.parseInt(new String(bytes, i, eol - i, StandardCharsets.US_ASCII).strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(bytes, eol + 2, size);
            i = eol + 2 + size + 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] bytes, int from) throws IOException {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IOException("cut-off chunk");
    }
}
