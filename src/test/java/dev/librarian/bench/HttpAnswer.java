package dev.librarian.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** An HTTP/1.1 answer: its status and body, read from a connection's bytes once they are all there. */
record HttpAnswer(int status, String body) {

    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    /**
     * The answer at the start of {@code bytes}, or empty while some of it has not arrived; a body with
     * {@code Content-Length} or chunked.
     *
     * @throws IllegalStateException if the bytes are not an HTTP answer, or have no length on a kept-alive connection
     */
    static Optional<HttpAnswer> parse(byte[] bytes, int length) {
        int headEnd = indexOf(bytes, length, HEAD_END, 0);
        if (headEnd < 0) {
            return Optional.empty();
        }
        String[] head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = head[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IllegalStateException("not an HTTP answer: " + head[0]);
        }
        int status = Integer.parseInt(statusLine[1]);
        long contentLength = -1;
        boolean chunked = false;
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            String name = head[i].substring(0, Math.max(0, colon)).trim().toLowerCase(Locale.ROOT);
            String value = head[i].substring(colon + 1).trim();
            if (name.equals("content-length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        int bodyStart = headEnd + HEAD_END.length;
        if (chunked) {
            return chunkedBody(bytes, length, bodyStart).map(body -> new HttpAnswer(status, body));
        }
        if (contentLength < 0) {
            throw new IllegalStateException("an answer without a length on a kept-alive connection: " + head[0]);
        }
        if (length - bodyStart < contentLength) {
            return Optional.empty();
        }
        return Optional.of(new HttpAnswer(status,
                new String(bytes, bodyStart, (int) contentLength, StandardCharsets.UTF_8)));
    }

    private static Optional<String> chunkedBody(byte[] bytes, int length, int start) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = start;
        while (true) {
            int lineEnd = indexOf(bytes, length, new byte[] {'\r', '\n'}, at);
            if (lineEnd < 0) {
                return Optional.empty();
            }
            String sizeLine = new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            at = lineEnd + 2;
            if (size == 0) {
                // no trailers are sent to this client: the answer ends with an empty line
                return at + 2 <= length ? Optional.of(body.toString(StandardCharsets.UTF_8)) : Optional.empty();
            }
            if (at + size + 2 > length) {
                return Optional.empty();
            }
            body.write(bytes, at, size);
            at += size + 2;
        }
    }

    private static int indexOf(byte[] bytes, int length, byte[] wanted, int from) {
        outer:
        for (int i = from; i <= length - wanted.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (bytes[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
