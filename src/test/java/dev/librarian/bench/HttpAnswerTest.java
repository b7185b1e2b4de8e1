package dev.librarian.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An answer is complete only when all of its body has arrived, whether it has a length or comes in chunks. */
class HttpAnswerTest {

    @Test
    void an_answer_with_a_length_is_complete_with_its_last_byte() {
        String whole = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n"
                + "{\"status\":\"ok\"}";
        assertEquals(Optional.empty(), parse(whole.substring(0, 30)));
        assertEquals(Optional.empty(), parse(whole.substring(0, whole.length() - 1)));
        assertEquals(Optional.of(new HttpAnswer(200, "{\"status\":\"ok\"}")), parse(whole));
    }

    @Test
    void a_chunked_answer_is_complete_after_its_last_empty_chunk() {
        String whole = "HTTP/1.1 202 Accepted\r\ntransfer-encoding: chunked\r\n\r\n6\r\nПри\r\n6\r\nвет\r\n0\r\n\r\n";
        assertEquals(Optional.empty(), parse(whole.substring(0, whole.indexOf("ет"))));
        assertEquals(Optional.empty(), parse(whole.substring(0, whole.length() - 2)));
        assertEquals(Optional.of(new HttpAnswer(202, "Привет")), parse(whole));
    }

    @Test
    void bytes_that_are_not_an_answer_are_refused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> parse("SSH-2.0-OpenSSH\r\n\r\n"));
        assertEquals("not an HTTP answer: SSH-2.0-OpenSSH", e.getMessage());
    }

    private static Optional<HttpAnswer> parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return HttpAnswer.parse(bytes, bytes.length);
    }
}
