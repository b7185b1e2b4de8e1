package dev.librarian.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One request's own failures do not open the Ollama breaker, and what is sent to Ollama is valid Unicode. */
class OllamaBreakerScopeTest {

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
    private RunningLibrarian librarian;

    @AfterEach
    void stop() {
        librarian.close();
        ollama.close();
    }

    @Test
    void a_lone_surrogate_reaches_ollama_as_a_replacement_character() throws Exception {
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama, Map.of());

        HttpResponse<String> answer = librarian.post("/query", "{\"query\": \"Who is \\ud800 Bazarov?\", \"mode\": \"bypass\"}");

        assertEquals(200, answer.statusCode(), answer.body());
        List<JsonNode> chats = ollama.requests().stream().filter(r -> r.has("messages")).toList();
        String sent = chats.get(chats.size() - 1).toString();
        assertTrue(sent.contains("Who is \uFFFD Bazarov?"), sent);
    }

    @Test
    void connections_dropped_for_one_question_do_not_stop_indexing_or_other_questions() throws Exception {
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama,
                Map.of("OLLAMA_BREAKER_THRESHOLD", "3", "LLM_MAX_RETRIES", "2"));
        // three questions, each tried three times: nine calls in a row end with Ollama closing the connection
        ollama.dropNext(9);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> failed = librarian.post("/query", "{\"query\": \"Who is Anna?\", \"mode\": \"bypass\"}");
            assertEquals(503, failed.statusCode(), failed.body());
        }
        OllamaAvailability availability = librarian.context().getRegistry()
                .lookupByNameAndType("ollamaAvailability", OllamaAvailability.class);
        assertFalse(availability.outage().isPresent(), "the breaker stays closed: " + availability.outage());
        assertEquals(9, ollama.failedChatCalls());

        HttpResponse<String> answer = librarian.post("/query", "{\"query\": \"Who is Kitty?\", \"mode\": \"bypass\"}");
        assertEquals(200, answer.statusCode(), "questions are not refused: " + answer.body());
        String docId = json(librarian.post("/documents/text",
                "{\"text\": \"Иван Петрович живёт в Москве.\", \"file_source\": \"ivan.txt\"}")).get("doc_id").asText();
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(30)));
    }
}
