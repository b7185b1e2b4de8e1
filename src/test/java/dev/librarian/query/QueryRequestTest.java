package dev.librarian.query;

import dev.librarian.api.BadRequestException;
import dev.librarian.llm.ChatMessage;
import dev.librarian.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryRequestTest {

    private static String rejected(String body) {
        return assertThrows(BadRequestException.class, () -> QueryRequest.parse(body)).getMessage();
    }

    @Test
    void a_minimal_request_gets_lightrag_defaults() {
        QueryRequest r = QueryRequest.parse("{\"query\": \"  Who is Ahab?  \", \"mode\": \"local\"}");

        assertEquals("Who is Ahab?", r.query());
        assertEquals(QueryMode.LOCAL, r.mode());
        assertEquals("Multiple Paragraphs", r.responseType());
        assertEquals(40, r.topK());
        assertEquals(20, r.chunkTopK());
        assertEquals(6000, r.maxEntityTokens());
        assertEquals(8000, r.maxRelationTokens());
        assertEquals(30000, r.maxTotalTokens());
        assertTrue(r.includeReferences());
        assertFalse(r.onlyNeedContext() || r.onlyNeedPrompt() || r.includeChunkContent());
        assertTrue(r.stream());
        assertNull(r.userPrompt());
        assertTrue(r.conversationHistory().isEmpty());
        assertTrue(r.needsKeywordExtraction());
        assertEquals(QueryMode.MIX, QueryRequest.parse("{\"query\": \"abc\"}").mode(), "mix is the default mode");
    }

    @Test
    void every_field_is_read() {
        QueryRequest r = QueryRequest.parse("""
                {"query": "Why the whale?", "mode": "hybrid", "only_need_context": true, "only_need_prompt": false,
                 "response_type": "Bullet Points", "top_k": 5, "chunk_top_k": 3, "max_entity_tokens": 100,
                 "max_relation_tokens": 200, "max_total_tokens": 3000, "hl_keywords": ["revenge"],
                 "ll_keywords": ["Ahab", "Moby Dick"], "user_prompt": "Be brief.",
                 "conversation_history": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}],
                 "include_references": false, "include_chunk_content": true, "enable_rerank": false,
                 "stream": false, "unknown_field": 1}""");

        assertEquals(QueryMode.HYBRID, r.mode());
        assertTrue(r.onlyNeedContext());
        assertEquals("Bullet Points", r.responseType());
        assertEquals(List.of(5, 3, 100, 200, 3000), List.of(r.topK(), r.chunkTopK(), r.maxEntityTokens(),
                r.maxRelationTokens(), r.maxTotalTokens()));
        assertEquals(new Keywords(List.of("revenge"), List.of("Ahab", "Moby Dick")), r.givenKeywords());
        assertFalse(r.needsKeywordExtraction(), "given keywords skip extraction");
        assertEquals("Be brief.", r.userPrompt());
        assertEquals(List.of(ChatMessage.user("Hi"), ChatMessage.assistant("Hello")), r.conversationHistory());
        assertFalse(r.includeReferences());
        assertTrue(r.includeChunkContent());
        assertFalse(r.enableRerank());
        assertFalse(r.stream());
    }

    @Test
    void nulls_mean_defaults_and_lenient_numbers_are_accepted() {
        QueryRequest r = QueryRequest.parse("{\"query\": \"abc\", \"mode\": null, \"top_k\": \"7\","
                + " \"chunk_top_k\": 4.0, \"hl_keywords\": null, \"conversation_history\": null}");
        assertEquals(QueryMode.MIX, r.mode());
        assertEquals(7, r.topK());
        assertEquals(4, r.chunkTopK());
    }

    @Test
    void bad_queries_are_rejected_with_a_reason() {
        assertEquals("query is required", rejected("{\"mode\": \"mix\"}"));
        assertEquals("query must have at least 3 characters", rejected("{\"query\": \"\"}"));
        assertEquals("query must have at least 3 characters", rejected("{\"query\": \"  ab  \"}"));
        assertEquals("query must be a string", rejected("{\"query\": 42}"));
    }

    @Test
    void unknown_modes_are_rejected_listing_the_valid_ones() {
        String message = rejected("{\"query\": \"Who is Ahab?\", \"mode\": \"deep\"}");
        assertTrue(message.startsWith("mode must be one of naive, local, global, hybrid, mix, bypass"), message);
        assertTrue(message.contains("deep"), message);
        assertTrue(rejected("{\"query\": \"Who is Ahab?\", \"mode\": \"LOCAL\"}").startsWith("mode must be one of"));
    }

    @Test
    void negative_or_absurd_budgets_are_rejected() {
        assertTrue(rejected("{\"query\": \"abc\", \"top_k\": 0}").startsWith("top_k must be between 1 and 1000"));
        assertTrue(rejected("{\"query\": \"abc\", \"top_k\": 5000}").startsWith("top_k must be between 1 and 1000"));
        assertTrue(rejected("{\"query\": \"abc\", \"chunk_top_k\": -1}")
                .startsWith("chunk_top_k must be between 1 and 1000"));
        assertTrue(rejected("{\"query\": \"abc\", \"max_total_tokens\": 10}")
                .startsWith("max_total_tokens must be between 100 and 1000000"));
        assertTrue(rejected("{\"query\": \"abc\", \"max_total_tokens\": 1e12}")
                .startsWith("max_total_tokens must be between 100 and 1000000"));
        assertTrue(rejected("{\"query\": \"abc\", \"max_entity_tokens\": -5}")
                .startsWith("max_entity_tokens must be between 1 and 1000000"));
        assertTrue(rejected("{\"query\": \"abc\", \"max_relation_tokens\": 2000000}")
                .startsWith("max_relation_tokens must be between 1 and 1000000"));
        assertTrue(rejected("{\"query\": \"abc\", \"top_k\": 2.5}").startsWith("top_k must be an integer"));
        assertTrue(rejected("{\"query\": \"abc\", \"top_k\": \"many\"}").startsWith("top_k must be an integer"));
    }

    @Test
    void malformed_bodies_are_rejected() {
        assertTrue(rejected("{\"query\": \"abc\"").startsWith("request body is not valid JSON"));
        assertTrue(rejected("").startsWith("request body is empty"));
        assertEquals("request body must be a JSON object", rejected("[1, 2]"));
    }

    @Test
    void wrongly_typed_fields_name_the_field() {
        assertEquals("only_need_context must be true or false",
                rejected("{\"query\": \"abc\", \"only_need_context\": \"yes\"}"));
        assertEquals("hl_keywords must be a list of strings", rejected("{\"query\": \"abc\", \"hl_keywords\": \"x\"}"));
        assertEquals("ll_keywords[1] must be a string", rejected("{\"query\": \"abc\", \"ll_keywords\": [\"a\", 2]}"));
        assertEquals("response_type must not be empty", rejected("{\"query\": \"abc\", \"response_type\": \" \"}"));
        assertEquals("conversation_history[0].role must be a non-empty string",
                rejected("{\"query\": \"abc\", \"conversation_history\": [{\"content\": \"hi\"}]}"));
        assertEquals("conversation_history[1].content must be a string", rejected(
                "{\"query\": \"abc\", \"conversation_history\": [{\"role\": \"user\", \"content\": \"a\"},"
                        + " {\"role\": \"assistant\"}]}"));
        assertTrue(rejected("{\"query\": \"abc\", \"conversation_history\": {}}")
                .startsWith("conversation_history must be a list"));
    }

    @Test
    void defaults_come_from_the_settings() {
        QuerySettings settings = Settings.from(k -> switch (k) {
            case "TOP_K" -> "60";
            case "MAX_TOTAL_TOKENS" -> "12000";
            default -> null;
        }).query();
        QueryRequest r = QueryRequest.parse("{\"query\": \"abc\"}", settings);
        assertEquals(60, r.topK());
        assertEquals(12000, r.maxTotalTokens());
        assertThrows(IllegalArgumentException.class, () -> Settings.from(k -> k.equals("TOP_K") ? "x" : null));
    }
}
