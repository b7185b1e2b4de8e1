package dev.librarian.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A streamed answer reaches the HTTP client while Ollama is still writing it: with the fake pausing between pieces,
 * the first piece is read long before the last one is written.
 */
class StreamedAnswerPaceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PIECE_INTERVAL = Duration.ofMillis(250);
    /** Over twenty words: the fake answers "Summary: " and the question, in twenty-odd pieces, 5 s or more. */
    private static final String QUESTION = "Tell me slowly about the bees of Lindenfeld and the honey Margarethe "
            + "sells at the market there on every Saturday morning of the year";

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16))
            .pieceInterval(PIECE_INTERVAL);
    /** HTTP/2 (h2c, as Java's client asks for), and HTTP/1.1 chunked, as curl and most chat clients use. */
    private final HttpClient http = HttpClient.newHttpClient();
    private final HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
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
    void query_stream_lines_arrive_as_ollama_writes_them() throws Exception {
        List<Line> lines = read(http11, "/query/stream", "{\"query\": \"" + QUESTION + "\", \"mode\": \"bypass\"}",
                json -> json.path("response").asText(""));

        assertPaced(lines);
        assertTrue(answer(lines).startsWith("Summary: Tell me slowly"), answer(lines));
    }

    @Test
    void ollama_chat_stream_lines_arrive_as_ollama_writes_them() throws Exception {
        List<Line> lines = read(http, "/api/chat", "{\"model\": \"librarian:latest\", \"messages\": "
                        + "[{\"role\": \"user\", \"content\": \"/bypass " + QUESTION + "\"}]}",
                json -> json.path("message").path("content").asText(""));

        assertPaced(lines);
        assertTrue(answer(lines).startsWith("Summary: Tell me slowly"), answer(lines));
        assertTrue(JSON.readTree(lines.get(lines.size() - 1).text()).get("done").asBoolean(), "Ollama's closing line");
    }

    @Test
    void ollama_generate_stream_lines_arrive_as_ollama_writes_them() throws Exception {
        List<Line> lines = read(http11, "/api/generate", "{\"model\": \"librarian:latest\", \"stream\": true, "
                + "\"prompt\": \"/bypass " + QUESTION + "\"}", json -> json.path("response").asText(""));

        assertPaced(lines);
        assertTrue(answer(lines).startsWith("Summary: Tell me slowly"), answer(lines));
        assertTrue(JSON.readTree(lines.get(lines.size() - 1).text()).get("done").asBoolean(), "Ollama's closing line");
    }

    @Test
    void a_client_leaving_half_way_leaves_nothing_hanging() throws Exception {
        String question = "{\"query\": \"" + QUESTION + "\", \"mode\": \"bypass\"}";
        HttpResponse<Stream<String>> response = http11.send(HttpRequest.newBuilder(
                        URI.create(librarian.url("/query/stream")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(question)).build(), HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> body = response.body()) {
            assertTrue(body.anyMatch(line -> line.contains("\"response\"")), "a first piece, then the client leaves");
        }
        RunningLibrarian.await(Duration.ofSeconds(30), () -> ollama.inFlightChat() == 0,
                "Ollama's answer is read to its end, so its throttle slot is freed");

        List<Line> again = read(http, "/query/stream", question, json -> json.path("response").asText(""));
        assertPaced(again);
        assertTrue(answer(again).startsWith("Summary: Tell me slowly"), "the next client gets a whole answer");
        assertEquals(2, ollama.chatCalls(FakeOllama.Kind.OTHER), "one call each (bypass answers are not cached)");
    }

    /** One NDJSON line as the client read it: its answer piece (empty if none) and when it arrived. */
    private record Line(String text, String piece, long arrivedNanos) {
    }

    private List<Line> read(HttpClient client, String path, String body, Function<JsonNode, String> piece)
            throws Exception {
        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(URI.create(librarian.url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));
        List<Line> lines = new ArrayList<>();
        try (Stream<String> stream = response.body()) {
            for (Iterator<String> it = stream.iterator(); it.hasNext(); ) {
                String text = it.next();
                lines.add(new Line(text, text.isBlank() ? "" : piece.apply(JSON.readTree(text)), System.nanoTime()));
            }
        }
        return lines;
    }

    private static void assertPaced(List<Line> lines) {
        List<Line> pieces = lines.stream().filter(line -> !line.piece().isEmpty()).toList();
        assertTrue(pieces.size() >= 20, "the answer comes in many pieces: " + pieces.size());
        long firstPiece = pieces.get(0).arrivedNanos();
        long lastLine = lines.get(lines.size() - 1).arrivedNanos();
        double secondsBetween = (lastLine - firstPiece) / 1e9;
        long distinctArrivals = pieces.stream().map(line -> line.arrivedNanos() / 100_000_000).distinct().count();
        assertTrue(secondsBetween >= 3, "the first piece reaches the client well before Ollama writes the last one "
                + "(it wrote them " + PIECE_INTERVAL.toMillis() + " ms apart), but they arrived "
                + secondsBetween + " s apart");
        assertTrue(distinctArrivals >= pieces.size() / 2, "pieces arrive one by one, not in batches: "
                + distinctArrivals + " arrival moments (0.1 s) for " + pieces.size() + " pieces");
    }

    private static String answer(List<Line> lines) {
        StringBuilder answer = new StringBuilder();
        lines.forEach(line -> answer.append(line.piece()));
        return answer.toString();
    }
}
