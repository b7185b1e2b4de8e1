package dev.librarian.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Request bodies are limited by MAX_UPLOAD_SIZE alone, not by a parser's own smaller limit. */
class BodyLimitsTest {

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
    void a_json_text_over_twenty_million_characters_is_accepted() throws Exception {
        // one document of 20,000,001 characters; nothing else is indexed at once
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama,
                Map.of("MAX_PARALLEL_INSERT", "1"));
        int length = 20_000_001;
        StringBuilder text = new StringBuilder(length + 64);
        String words = "Anna writes to Boris. ";
        while (text.length() < length) {
            text.append(words, 0, Math.min(words.length(), length - text.length()));
        }
        text.setCharAt(length - 1, 'x');

        HttpResponse<String> answer = librarian.post("/documents/text",
                "{\"text\": \"" + text + "\", \"file_source\": \"long.txt\"}");

        assertEquals(200, answer.statusCode(), answer.body().substring(0, Math.min(300, answer.body().length())));
        JsonNode body = json(answer);
        assertEquals("success", body.get("status").asText());
        JsonNode record = librarian.status().record(body.get("doc_id").asText()).orElseThrow().toJson();
        assertEquals(length, record.get("content_length").asInt());
    }
}
