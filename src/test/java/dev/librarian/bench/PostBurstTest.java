package dev.librarian.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The accept benchmark's client: every request gets its own answer, timed from its write to the answer's end. */
class PostBurstTest {

    @Test
    void each_body_gets_its_own_answer_and_a_slow_answer_is_timed_as_slow() throws Exception {
        HttpServer server = echoServer(200);
        try {
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                bodies.add("{\"n\":" + i + (i == 7 ? ",\"slow\":true" : "") + "}");
            }
            List<PostBurst.Reply> replies;
            try (PostBurst burst = PostBurst.open(client(server), "/echo", bodies)) {
                replies = burst.fire();
            }
            assertEquals(40, replies.size());
            for (int i = 0; i < 40; i++) {
                assertEquals("echo " + bodies.get(i), replies.get(i).answer().body());
            }
            assertTrue(replies.get(7).millis() >= 300, "the slow answer took " + replies.get(7).millis() + " ms");
            assertTrue(replies.get(8).millis() < replies.get(7).millis());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void an_answer_other_than_200_fails_the_burst() throws Exception {
        HttpServer server = echoServer(503);
        try (PostBurst burst = PostBurst.open(client(server), "/echo", List.of("{}"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, burst::fire);
            assertEquals("POST /echo answered 503: echo {}", e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    /** Answers every POST with "echo " and its body, chunked when the body says so, after 300 ms when it is slow. */
    private static HttpServer echoServer(int status) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/echo", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (body.contains("slow")) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] answer = ("echo " + body).getBytes(StandardCharsets.UTF_8);
            // odd requests get a chunked answer (length 0), even ones a Content-Length
            boolean chunked = body.matches(".*\"n\":\\d*[13579][,}].*");
            exchange.sendResponseHeaders(status, chunked ? 0 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        return server;
    }

    private static ServiceClient client(HttpServer server) {
        return new ServiceClient("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
