package dev.librarian.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.intake.DocumentIds;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.LibrarianExtension;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LightRAG's insert endpoints: fast answers, durable registration, duplicates recognised, clear 400s. */
class HttpInsertTest {

    @RegisterExtension
    final LibrarianExtension service = LibrarianExtension.withEmbeddingDim(16)
            .settings(Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20"));

    @Test
    void should_answer_before_extraction_finishes_and_then_index_the_text() throws Exception {
        service.ollama().chatLatency(Duration.ofMillis(700));
        String text = Corpus.excerpt(Corpus.CHEKHOV, 20000, 1500);

        HttpResponse<String> response = service.librarian().post("/documents/text",
                "{\"text\": " + quote(text) + ", \"file_source\": \"chekhov.txt\"}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(0, service.ollama().chatCalls(), "the answer did not wait for any LLM call");
        JsonNode body = json(response);
        assertEquals("success", body.get("status").asText());
        assertTrue(body.get("track_id").asText().startsWith("insert_"));
        String docId = body.get("doc_id").asText();
        assertEquals("doc-" + DocumentIds.md5Hex("chekhov.txt"), docId);
        assertTrue(service.librarian().statusOf(docId).isPresent(), "registered before the answer");

        assertEquals(DocStatus.PROCESSED, service.librarian().awaitFinished(docId, Duration.ofSeconds(60)));
        JsonNode tracked = json(service.librarian().get("/documents/track_status/" + body.get("track_id").asText()));
        assertEquals(1, tracked.get("total_count").asInt());
        assertEquals("processed", tracked.get("documents").get(0).get("status").asText());
    }

    @Test
    void should_recognise_the_same_document_and_make_no_llm_calls() throws Exception {
        String request = "{\"text\": " + quote(Corpus.excerpt(Corpus.CHEKHOV, 40000, 1200))
                + ", \"file_source\": \"again.txt\"}";
        String docId = json(service.librarian().post("/documents/text", request)).get("doc_id").asText();
        assertEquals(DocStatus.PROCESSED, service.librarian().awaitFinished(docId, Duration.ofSeconds(60)));
        int chats = service.ollama().chatCalls();
        int embeds = service.ollama().embedRequests();

        JsonNode again = json(service.librarian().post("/documents/text", request));

        assertEquals("duplicated", again.get("status").asText());
        assertEquals(docId, again.get("doc_id").asText());
        assertEquals(chats, service.ollama().chatCalls());
        assertEquals(embeds, service.ollama().embedRequests());
        assertEquals(DocStatus.PROCESSED, service.librarian().statusOf(docId).orElseThrow());
    }

    @Test
    void should_index_the_seed_servers_insert_without_a_file_name() throws Exception {
        String text = Corpus.excerpt(Corpus.CHEKHOV, 60000, 800);
        JsonNode body = json(service.librarian().post("/insert", "{\"text\": " + quote(text) + "}"));

        String docId = body.get("doc_id").asText();
        assertEquals("doc-" + DocumentIds.md5Hex(text), docId);
        assertEquals(DocStatus.PROCESSED, service.librarian().awaitFinished(docId, Duration.ofSeconds(60)));
        assertEquals("unknown_source", service.librarian().status().record(docId).orElseThrow().filePath());
    }

    @Test
    void should_insert_several_texts_at_once() throws Exception {
        JsonNode body = json(service.librarian().post("/documents/texts",
                "{\"texts\": [" + quote("Иван Петрович живёт в Москве.")
                + ", " + quote("Мария Ивановна уехала в Петербург.") + "], \"file_sources\": [\"a.txt\", \"b.txt\"]}"));

        assertEquals("success", body.get("status").asText(), body.toString());
        assertEquals(2, body.get("doc_ids").size());
        for (JsonNode id : body.get("doc_ids")) {
            assertEquals(DocStatus.PROCESSED, service.librarian().awaitFinished(id.asText(), Duration.ofSeconds(60)));
        }
        JsonNode counts = json(service.librarian().get("/documents/status_counts")).get("status_counts");
        assertEquals(2, counts.get("processed").asInt());
        assertEquals(2, counts.get("all").asInt());
    }

    @Test
    void should_reject_bad_requests_with_a_message() throws Exception {
        HttpResponse<String> malformed = service.librarian().post("/documents/text", "{\"text\": ");
        assertEquals(400, malformed.statusCode());
        assertTrue(json(malformed).get("detail").asText().contains("malformed JSON"), malformed.body());

        HttpResponse<String> empty = service.librarian()
                .post("/documents/text", "{\"text\": \"   \", \"file_source\": \"x.txt\"}");
        assertEquals(400, empty.statusCode());
        assertTrue(json(empty).get("detail").asText().contains("empty"), empty.body());

        HttpResponse<String> missing = service.librarian().post("/documents/texts", "{\"file_sources\": []}");
        assertEquals(400, missing.statusCode());
        assertTrue(json(missing).get("detail").asText().contains("texts"), missing.body());
        assertEquals(0,
                json(service.librarian().get("/documents/status_counts")).get("status_counts").get("all").asInt());
    }

    @Test
    void should_refuse_two_texts_of_the_same_name_in_one_request() throws Exception {
        HttpResponse<String> twice = service.librarian().post("/documents/texts",
                "{\"texts\": [\"Anna lives in Moscow.\", "
                + "\"Boris lives in Tver.\", \"pwned\"], \"file_sources\": [\"x.txt\", \"y.txt\", \"notes/x.txt\"]}");
        assertEquals(400, twice.statusCode(), twice.body());
        assertTrue(json(twice).get("detail").asText().contains("'x.txt' twice"), twice.body());
        assertEquals(0,
                json(service.librarian().get("/documents/status_counts")).get("status_counts").get("all").asInt(),
                "none of the three was accepted");
    }

    @Test
    void should_report_health_and_pipeline_status() throws Exception {
        JsonNode health = json(service.librarian().get("/health"));
        assertEquals("healthy", health.get("status").asText());
        assertEquals(service.ollama().url(), health.get("configuration").get("llm_binding_host").asText());
        JsonNode pipeline = json(service.librarian().get("/documents/pipeline_status"));
        assertEquals(false, pipeline.get("busy").asBoolean());
    }

    private static String quote(String s) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(s).toString();
    }
}
