package dev.librarian.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.LibrarianExtension;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Questions to an empty library, bypass mode and given keywords, over HTTP against the fake Ollama. */
class QueryEdgeCasesTest {

    @RegisterExtension
    final LibrarianExtension service = LibrarianExtension.withEmbeddingDim(16);

    @Test
    void an_empty_library_answers_no_context_in_every_mode_without_an_answer_call() throws Exception {
        for (String mode : List.of("naive", "local", "global", "hybrid", "mix")) {
            JsonNode body = json(service.librarian()
                    .post("/query", "{\"query\": \"Who is Ahab?\", \"mode\": \"" + mode + "\"}"));
            assertEquals(QueryResults.NO_CONTEXT_RESPONSE, body.get("response").asText(), mode);
            JsonNode data = json(service.librarian()
                    .post("/query/data", "{\"query\": \"Who is Ahab?\", \"mode\": \"" + mode + "\"}"));
            assertEquals("failure", data.get("status").asText(), mode + ": " + data);
        }
        assertEquals(0, service.ollama().chatCalls(FakeOllama.Kind.OTHER), "nothing to answer from, so no answer call");
    }

    @Test
    void bypass_sends_the_question_straight_to_the_llm() throws Exception {
        JsonNode body = json(service.librarian().post("/query", "{\"query\": \"Tell a joke\", \"mode\": \"bypass\"}"));

        assertTrue(body.get("response").asText().startsWith("Summary: Tell a joke"), body.toString());
        assertEquals(0, service.ollama().embedRequests(), "no retrieval");
        assertEquals(0, service.ollama().chatCalls(FakeOllama.Kind.KEYWORDS));
        assertEquals(1, service.ollama().chatCalls(FakeOllama.Kind.OTHER));
    }

    @Test
    void given_keywords_skip_the_keyword_call() throws Exception {
        json(service.librarian().post("/query", "{\"query\": \"Who is Ahab?\", \"mode\": \"hybrid\", "
                + "\"ll_keywords\": [\"Ahab\"], \"hl_keywords\": [\"whaling\"]}"));

        assertEquals(0, service.ollama().chatCalls(FakeOllama.Kind.KEYWORDS));
        assertEquals(1, service.ollama().embedRequests(), "one batched embedding call for the question's texts");
    }

    @Test
    void generate_answers_in_ollamas_format() throws Exception {
        JsonNode body = json(service.librarian().post("/api/generate",
                "{\"model\": \"librarian:latest\", \"stream\": false, "
                + "\"prompt\": \"/bypass Hello there\"}"));

        assertTrue(body.get("done").asBoolean(), body.toString());
        assertTrue(body.get("response").asText().startsWith("Summary: Hello there"), body.toString());
        assertEquals("0.9.3", json(service.librarian().get("/api/version")).get("version").asText());
    }
}
