package dev.librarian.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.intake.DocumentIds;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.PrometheusText;
import dev.librarian.testing.RunningLibrarian;
import dev.librarian.testing.ServerTimingHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Questions over HTTP to a library the real pipeline built from two short texts about different people, with
 * keywords, embeddings and answers from the fake Ollama.
 */
class PipelineLibraryQueryTest {

    @TempDir
    Path tmp;
    private FakeOllama ollama;
    private RunningLibrarian librarian;

    @BeforeEach
    void ingest() throws Exception {
        ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(32));
        Path inbox = tmp.resolve("inbox");
        Files.createDirectories(inbox);
        librarian = RunningLibrarian.start(tmp.resolve("cache"), inbox, ollama, Map.of());
        Files.writeString(inbox.resolve("margarethe.txt"), "Margarethe keeps bees in Lindenfeld. "
                + "Margarethe sells honey at the market of Lindenfeld on Saturdays.");
        Files.writeString(inbox.resolve("bartholomew.txt"), "Bartholomew repairs clocks in Harwick. "
                + "Bartholomew winds the tower clock of Harwick every morning.");
        for (String file : List.of("margarethe.txt", "bartholomew.txt")) {
            assertEquals(DocStatus.PROCESSED, librarian.awaitFinished("doc-" + DocumentIds.md5Hex(file),
                    Duration.ofSeconds(60)));
        }
        ollama.reset();
    }

    @AfterEach
    void stop() {
        librarian.close();
        ollama.close();
    }

    @Test
    void a_local_query_for_a_name_finds_that_person_and_the_right_file() throws Exception {
        JsonNode data = json(librarian.post("/query/data", "{\"query\": \"Who is Margarethe?\", \"mode\": \"local\"}"))
                .get("data");

        assertEquals(1, ollama.chatCalls(FakeOllama.Kind.KEYWORDS), "keywords were asked of the LLM");
        assertEquals(0, ollama.chatCalls(FakeOllama.Kind.OTHER), "/query/data makes no answer call");
        assertEquals("Margarethe", data.get("entities").get(0).get("entity_name").asText(), data.toString());
        assertEquals("margarethe.txt", data.get("entities").get(0).get("file_path").asText());
        assertEquals("margarethe.txt", data.get("references").get(0).get("file_path").asText());
        assertTrue(data.get("chunks").size() >= 1);

        JsonNode narrow = json(librarian.post("/query/data",
                "{\"query\": \"Who is Margarethe?\", \"mode\": \"local\", \"top_k\": 1}")).get("data");
        assertEquals(1, narrow.get("references").size(), "her entity, relations and chunks all come from her file");
        assertEquals(1, ollama.chatCalls(FakeOllama.Kind.KEYWORDS), "the keywords came from the cache this time");
    }

    @Test
    void the_other_person_leads_to_the_other_file_in_every_mode() throws Exception {
        for (String mode : List.of("local", "hybrid", "mix")) {
            String context = json(librarian.post("/query", "{\"query\": \"Who is Bartholomew?\", \"mode\": \""
                    + mode + "\", \"only_need_context\": true}")).get("response").asText();
            assertTrue(context.contains("\"entity\": \"Bartholomew\""), mode + ": " + context);
            assertTrue(context.contains("[1] bartholomew.txt"), mode + ": " + context);
        }
        String global = json(librarian.post("/query", "{\"query\": \"Who is Bartholomew?\", \"mode\": \"global\","
                + " \"only_need_context\": true, \"hl_keywords\": [\"clocks Harwick\"]}")).get("response").asText();
        assertTrue(global.contains("bartholomew.txt"), global);
        String naive = json(librarian.post("/query", "{\"query\": \"tower clock of Harwick\", \"mode\": \"naive\","
                + " \"only_need_context\": true}")).get("response").asText();
        assertTrue(naive.contains("[1] bartholomew.txt"), naive);
        assertEquals(0, ollama.chatCalls(FakeOllama.Kind.OTHER), "only_need_context makes no answer call");
    }

    @Test
    void a_question_is_answered_with_references_to_its_files() throws Exception {
        HttpResponse<String> response = librarian.post("/query", "{\"query\": \"Who is Margarethe?\", \"mode\": \"mix\"}");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertTrue(body.get("response").asText().startsWith("Summary: "), "the fake's answer: " + body);
        assertEquals("margarethe.txt", body.get("references").get(0).get("file_path").asText(), body.toString());
        assertEquals(1, ollama.chatCalls(FakeOllama.Kind.OTHER), "one answer call");

        json(librarian.post("/query", "{\"query\": \"Who is Margarethe?\", \"mode\": \"mix\"}"));
        assertEquals(1, ollama.chatCalls(FakeOllama.Kind.OTHER), "the same question is answered from the cache");
    }

    @Test
    void streaming_sends_references_then_the_answer_as_ndjson() throws Exception {
        HttpResponse<String> response = librarian.post("/query/stream", "{\"query\": \"Who is Bartholomew?\"}");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));
        String[] lines = response.body().strip().split("\n");
        assertTrue(line(lines[0]).has("references"), lines[0]);
        assertTrue(lines.length >= 4, "the answer arrives in several pieces, as Ollama streams it: " + response.body());
        StringBuilder answer = new StringBuilder();
        for (int i = 1; i < lines.length; i++) {
            answer.append(line(lines[i]).get("response").asText());
        }
        assertTrue(answer.toString().startsWith("Summary: "), response.body());
        assertEquals(List.of("keywords", "embed", "context", "total"), List.copyOf(serverTiming(response).keySet()),
                "the header goes out before the answer is written");
    }

    @Test
    void chat_clients_get_ollamas_format() throws Exception {
        HttpResponse<String> tags = librarian.get("/api/tags");
        assertEquals("librarian:latest", json(tags).get("models").get(0).get("name").asText(), tags.body());

        HttpResponse<String> chat = librarian.post("/api/chat", "{\"model\": \"librarian:latest\", \"messages\": "
                + "[{\"role\": \"user\", \"content\": \"/local Who is Margarethe?\"}]}");
        assertEquals(200, chat.statusCode(), chat.body());
        String[] lines = chat.body().strip().split("\n");
        assertTrue(lines.length >= 2, "streamed in pieces: " + chat.body());
        JsonNode last = line(lines[lines.length - 1]);
        assertTrue(last.get("done").asBoolean(), last.toString());
        StringBuilder content = new StringBuilder();
        for (String line : lines) {
            content.append(line(line).path("message").path("content").asText());
        }
        assertTrue(content.toString().startsWith("Summary: "), chat.body());

        JsonNode whole = json(librarian.post("/api/chat", "{\"model\": \"librarian:latest\", \"stream\": false, "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"/context Who is Margarethe?\"}]}"));
        assertTrue(whole.get("done").asBoolean());
        assertTrue(whole.get("message").get("content").asText().contains("Margarethe"), whole.toString());
    }

    @Test
    void bad_questions_get_a_400_saying_what_is_wrong() throws Exception {
        HttpResponse<String> shortQuery = librarian.post("/query", "{\"query\": \"ab\"}");
        assertEquals(400, shortQuery.statusCode());
        assertTrue(json(shortQuery).get("detail").asText().contains("at least 3 characters"), shortQuery.body());

        HttpResponse<String> mode = librarian.post("/query", "{\"query\": \"Who is Margarethe?\", \"mode\": \"deep\"}");
        assertEquals(400, mode.statusCode());
        assertTrue(json(mode).get("detail").asText().contains("mode must be one of"), mode.body());

        HttpResponse<String> budget = librarian.post("/query", "{\"query\": \"Who?\", \"top_k\": -1}");
        assertEquals(400, budget.statusCode());

        HttpResponse<String> malformed = librarian.post("/query", "{\"query\": ");
        assertEquals(400, malformed.statusCode());
    }

    @Test
    void each_answer_says_how_long_its_keywords_embedding_context_and_answer_took() throws Exception {
        ollama.chatLatency(Duration.ofMillis(80)).embedLatency(Duration.ofMillis(50));
        String ask = "{\"query\": \"Who keeps bees?\", \"mode\": \"hybrid\"}";

        Map<String, Double> first = serverTiming(librarian.post("/query", ask));
        assertEquals(List.of("keywords", "embed", "context", "answer", "total"), List.copyOf(first.keySet()));
        assertTrue(first.get("keywords") >= 80, "the keyword call waited for the LLM: " + first);
        assertTrue(first.get("answer") >= 80, "the answer call waited for the LLM: " + first);
        assertTrue(first.get("embed") >= 50, "the embedding call waited for Ollama: " + first);
        assertTrue(first.get("context") < first.get("total") - 80 - 80 - 50,
                "building the context is the rest, without the calls: " + first);

        // the same question again: keywords and answer come from the LLM cache, only the embedding is asked again
        Map<String, Double> again = serverTiming(librarian.post("/query", ask));
        assertEquals(List.of("embed", "context", "total"), List.copyOf(again.keySet()));
        assertEquals(1, ollama.chatCalls(FakeOllama.Kind.KEYWORDS));

        Map<String, Double> data = serverTiming(librarian.post("/query/data",
                "{\"query\": \"Who repairs clocks?\", \"mode\": \"local\"}"));
        assertEquals(List.of("keywords", "embed", "context", "total"), List.copyOf(data.keySet()),
                "/query/data makes no answer call");

        // the same context times in /metrics, by mode
        PrometheusText metrics = new PrometheusText(librarian.get("/metrics").body());
        assertEquals(2, metrics.sum("librarian_query_context_seconds_count", "mode", "hybrid"));
        assertEquals(1, metrics.sum("librarian_query_context_seconds_count", "mode", "local"));
        assertEquals((first.get("context") + again.get("context")) / 1000,
                metrics.sum("librarian_query_context_seconds_sum", "mode", "hybrid"), 0.0002);
    }

    /** The {@code Server-Timing} header's metrics in their order, each with its duration in ms. */
    private static Map<String, Double> serverTiming(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Double> metrics = ServerTimingHeader.metrics(response);
        assertTrue(!metrics.isEmpty(), "no Server-Timing header in " + response.headers().map());
        return metrics;
    }

    private static JsonNode line(String line) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
    }
}
