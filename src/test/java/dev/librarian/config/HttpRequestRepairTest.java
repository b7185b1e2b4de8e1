package dev.librarian.config;

import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Raw UTF-8 in a request line, as the HTTP decoder hands it over: one character per byte. */
class HttpRequestRepairTest {

    /** The request line's text as the decoder makes it from the bytes curl sends. */
    private static String asReceived(String uri) {
        return new String(uri.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void raw_bytes_are_seen_and_read_again_as_utf8() {
        String received = asReceived("/graph/label/search?q=базар&limit=5");
        assertTrue(HttpRequestRepair.hasRawBytes(received));
        var params = new QueryStringDecoder(HttpRequestRepair.percentEncoded(received), StandardCharsets.UTF_8)
                .parameters();
        assertEquals(List.of("базар"), params.get("q"));
        assertEquals(List.of("5"), params.get("limit"));
    }

    @Test
    void percent_encoded_and_ascii_lines_are_left_alone() {
        assertFalse(HttpRequestRepair.hasRawBytes("/graphs?label=%D0%91%D0%B0%D0%B7%D0%B0%D1%80%D0%BE%D0%B2"));
        assertFalse(HttpRequestRepair.hasRawBytes("/graphs?label=Bazarov"));
        assertFalse(HttpRequestRepair.hasRawBytes("/graphs?label=Базаров"), "already decoded text is not bytes");
    }

    @Test
    void raw_and_encoded_parts_of_one_line_decode_together() {
        String received = asReceived("/graphs?label=Базаров%20Евгений&max_depth=2");
        var params = new QueryStringDecoder(HttpRequestRepair.percentEncoded(received), StandardCharsets.UTF_8)
                .parameters();
        assertEquals(List.of("Базаров Евгений"), params.get("label"));
    }
}
