package dev.librarian.api;

import dev.librarian.ollama.LlmCallFailureLog;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.LogLines;
import dev.librarian.testing.RunningLibrarian;
import org.apache.camel.component.seda.SedaConsumer;
import org.apache.camel.processor.errorhandler.DefaultErrorHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A streamed question whose client disconnects cancels its LLM call: a queued one is never sent, a running one cut. */
class StreamCancelTest {

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
    private RunningLibrarian librarian;
    private final LogLines cancelLog = LogLines.of(LlmCallFailureLog.class);
    private final LogLines errorHandlerLog = LogLines.of(DefaultErrorHandler.class);
    private final LogLines consumerLog = LogLines.of(SedaConsumer.class);

    @AfterEach
    void stop() {
        librarian.close();
        ollama.close();
        cancelLog.close();
        errorHandlerLog.close();
        consumerLog.close();
    }

    @Test
    void clients_that_leave_cancel_their_queued_and_running_calls() throws Exception {
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama,
                Map.of("MAX_ASYNC_LLM", "1"));
        CountDownLatch release = new CountDownLatch(1);
        ollama.onChatAdmitted(call -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ollama.pieceInterval(Duration.ofMillis(500));

        Socket running = ask("Who is Anna?");
        RunningLibrarian.await(Duration.ofSeconds(30), () -> ollama.inFlightChat() == 1, "the first call is running");
        Socket queued = ask("Who is Kitty?");
        Thread.sleep(500);
        assertEquals(1, ollama.requests("POST /api/chat"), "the second waits in the queue");

        queued.close();
        running.close();
        Thread.sleep(1000);
        release.countDown();

        RunningLibrarian.await(Duration.ofSeconds(5), () -> ollama.inFlightChat() == 0,
                "the running call is cut off at its next piece, not streamed to its end");
        Thread.sleep(1500);
        assertEquals(1, ollama.requests("POST /api/chat"), "the queued call of the client that left is never sent");
        assertEquals(2, cancelLog.count("INFO LLM call ended: the client left"), cancelLog.lines().toString());
        assertEquals(0, errorHandlerLog.count("AnswerCancelledException") + consumerLog.count("AnswerCancelled"),
                "a client that leaves is no error: " + errorHandlerLog.lines() + consumerLog.lines());
        ollama.pieceInterval(Duration.ZERO);
        assertEquals(200, librarian.post("/query/stream", "{\"query\": \"Who is Levin?\", \"mode\": \"bypass\"}")
                .statusCode(), "the next question is answered");
        assertEquals(2, ollama.requests("POST /api/chat"));
    }

    /** A streamed question on a connection of its own; returns once its answer has begun (status line read). */
    private Socket ask(String question) throws Exception {
        Socket socket = new Socket("127.0.0.1", librarian.port());
        byte[] body = ("{\"query\": \"" + question + "\", \"mode\": \"bypass\"}").getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(("POST /query/stream HTTP/1.1\r\nHost: 127.0.0.1:" + librarian.port()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
        String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertTrue(status.startsWith("HTTP/1.1 200"), status);
        return socket;
    }
}
