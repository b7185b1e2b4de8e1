package dev.librarian.query;

import dev.librarian.llm.ChatRequest;
import dev.librarian.store.JsonKvStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole flow with scripted LLM answers and the fake's embeddings. */
class QueryEngineTest {

    @TempDir
    Path dir;
    private TestLibrary library;
    private final List<ChatRequest> llmCalls = new ArrayList<>();
    private final List<List<String>> embedCalls = new ArrayList<>();
    private String keywordAnswer = "{\"high_level_keywords\": [\"hunting obsession\"], \"low_level_keywords\": [\"Ahab\"]}";

    @BeforeEach
    void build() {
        library = new TestLibrary(dir.resolve("lib")).withTwoBooks();
    }

    @AfterEach
    void close() {
        library.close();
    }

    private QueryEngine engine(TestLibrary lib) throws Exception {
        QueryCache cache = new QueryCache(JsonKvStore.open(dir.resolve("cache.json"), true), null, "h", "m",
                "English", true);
        QueryEngine.Llm llm = request -> {
            llmCalls.add(request);
            return request.kind().equals(KeywordPrompt.KIND) ? keywordAnswer : "The answer.";
        };
        QueryEngine.Embedder embedder = texts -> {
            embedCalls.add(texts);
            return lib.embed(texts);
        };
        return new QueryEngine(new Retriever(lib.stores, QuerySettings.defaults()), new KeywordPrompt("English"),
                new AnswerPrompt(), cache, llm, embedder, null);
    }

    private long calls(String kind) {
        return llmCalls.stream().filter(c -> c.kind().equals(kind)).count();
    }

    @Test
    void a_query_extracts_keywords_embeds_once_retrieves_and_answers() throws Exception {
        Map<String, Object> body = engine(library).query(QueryRequest.parse("{\"query\": \"Who is Ahab?\"}"));

        assertEquals("The answer.", body.get("response"));
        assertEquals("whales.txt", ((List<Map<?, ?>>) body.get("references")).get(0).get("file_path"));
        assertEquals(List.of(List.of("Who is Ahab?", "Ahab", "hunting obsession")), embedCalls);
        assertEquals(1, calls("keywords"));
        assertEquals(1, calls("query"));
        String system = llmCalls.get(1).messages().get(0).content();
        assertTrue(system.contains("\"entity\": \"Ahab\""), system);
    }

    @Test
    void keywords_and_answers_are_cached() throws Exception {
        QueryEngine engine = engine(library);
        QueryRequest request = QueryRequest.parse("{\"query\": \"Who is Ahab?\", \"mode\": \"local\"}");
        engine.query(request);
        engine.query(request);

        assertEquals(1, calls("keywords"));
        assertEquals(1, calls("query"));
        assertEquals(2, embedCalls.size(), "retrieval itself runs each time");
    }

    @Test
    void given_keywords_skip_extraction() throws Exception {
        engine(library).query(QueryRequest.parse("{\"query\": \"Who is Ahab?\", \"ll_keywords\": [\"Ahab\"]}"));
        assertEquals(0, calls("keywords"));
    }

    @Test
    void only_context_only_prompt_and_data_make_no_answer_call() throws Exception {
        QueryEngine engine = engine(library);

        String context = (String) engine.query(QueryRequest.parse(
                "{\"query\": \"Who is Ahab?\", \"only_need_context\": true}")).get("response");
        assertTrue(context.contains("\"entity\": \"Ahab\"") && context.contains("[1] whales.txt"), context);
        String prompt = (String) engine.query(QueryRequest.parse(
                "{\"query\": \"Who is Ahab?\", \"only_need_prompt\": true}")).get("response");
        assertTrue(prompt.endsWith("---User Query---\n\nWho is Ahab?"));
        Map<String, Object> data = engine.data(QueryRequest.parse("{\"query\": \"Who is Ahab?\", \"mode\": \"local\"}"));
        assertEquals("success", data.get("status"));

        assertEquals(0, calls("query"));
    }

    @Test
    void unusable_keywords_fall_back_to_a_short_query() throws Exception {
        keywordAnswer = "I don't know.";
        Map<String, Object> data = engine(library).data(QueryRequest.parse("{\"query\": \"Ahab\", \"mode\": \"local\"}"));

        assertEquals("success", data.get("status"));
        assertEquals(List.of("Ahab"), ((Map<?, ?>) ((Map<?, ?>) data.get("metadata")).get("keywords")).get("low_level"));
    }

    @Test
    void a_long_query_without_keywords_gets_the_no_context_answer() throws Exception {
        keywordAnswer = "{}";
        Map<String, Object> body = engine(library).query(QueryRequest.parse(
                "{\"query\": \"Please tell me absolutely everything you know about whales and ships\"}"));

        assertEquals(QueryResults.NO_CONTEXT_RESPONSE, body.get("response"));
        assertEquals(0, calls("query"));
        assertTrue(embedCalls.isEmpty());
    }

    @Test
    void an_empty_library_answers_no_context_in_every_mode() throws Exception {
        try (TestLibrary empty = new TestLibrary(dir.resolve("empty"))) {
            QueryEngine engine = engine(empty);
            for (String mode : List.of("naive", "local", "global", "hybrid", "mix")) {
                Map<String, Object> body = engine.query(QueryRequest.parse(
                        "{\"query\": \"Who is Ahab?\", \"mode\": \"" + mode + "\"}"));
                assertEquals(QueryResults.NO_CONTEXT_RESPONSE, body.get("response"), mode);
                assertEquals(List.of(), body.get("references"));
                assertEquals("failure", engine.data(QueryRequest.parse(
                        "{\"query\": \"Who is Ahab?\", \"mode\": \"" + mode + "\"}")).get("status"));
            }
            assertEquals(0, calls("query"));
        }
    }

    @Test
    void bypass_asks_the_llm_directly() throws Exception {
        Map<String, Object> body = engine(library).query(QueryRequest.parse(
                "{\"query\": \"Tell a joke\", \"mode\": \"bypass\"}"));
        assertEquals("The answer.", body.get("response"));
        assertEquals(List.of(), body.get("references"));
        assertTrue(embedCalls.isEmpty());
        assertEquals(1, llmCalls.size());
        assertEquals(1, llmCalls.get(0).messages().size());
    }

    @Test
    void stream_gives_references_then_the_answer() throws Exception {
        String body = engine(library).stream(QueryRequest.parse("{\"query\": \"Who is Ahab?\"}"));
        List<String> lines = body.lines().toList();
        assertTrue(lines.get(0).startsWith("{\"references\":"), lines.get(0));
        assertEquals("{\"response\":\"The answer.\"}", lines.get(1));
    }
}
