package dev.librarian.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryResultsTest {

    private final QueryResults results = new QueryResults();
    private final ObjectMapper json = new ObjectMapper();

    private static QueryContext found() {
        return new QueryContext(QueryMode.LOCAL, new Keywords(List.of("sea"), List.of("Ahab")),
                List.of(new RetrievedEntity("Ahab", "person", "captain", "c1", "w.txt", 11L, 2)),
                List.of(new RetrievedRelation("Ahab", "Pequod", "commands", "command", 2.0, "c1", "w.txt", 12L, 4)),
                List.of(new RetrievedChunk("c1", "Call me Ishmael.", "w.txt", "1"),
                        new RetrievedChunk("c2", "The Pequod sailed.", "w.txt", "1"),
                        new RetrievedChunk("c3", "Roses.", "g.txt", "2")),
                List.of(new Reference("1", "w.txt"), new Reference("2", "g.txt")), "CTX",
                new RetrievalStats(3, 4, 1, 1, 5, 3));
    }

    @Test
    void query_response_has_answer_and_references() {
        Map<String, Object> body = results.query(QueryRequest.parse("{\"query\": \"abc\"}"), "An answer.", found());

        assertEquals("An answer.", body.get("response"));
        assertEquals(List.of(Map.of("reference_id", "1", "file_path", "w.txt"),
                Map.of("reference_id", "2", "file_path", "g.txt")), body.get("references"));
    }

    @Test
    void references_can_be_left_out_or_carry_chunk_texts() {
        Map<String, Object> without = results.query(
                QueryRequest.parse("{\"query\": \"abc\", \"include_references\": false}"), "x", found());
        assertTrue(without.containsKey("references"));
        assertNull(without.get("references"));

        List<Map<String, Object>> refs = results.references(
                QueryRequest.parse("{\"query\": \"abc\", \"include_chunk_content\": true}"), found());
        assertEquals(List.of("Call me Ishmael.", "The Pequod sailed."), refs.get(0).get("content"));
    }

    @Test
    void no_context_is_lightrags_fail_response_not_an_error() {
        Map<String, Object> body = results.noContext(QueryRequest.parse("{\"query\": \"abc\"}"));
        assertEquals("Sorry, I'm not able to provide an answer to that question.[no-context]", body.get("response"));
        assertEquals(List.of(), body.get("references"));
    }

    @Test
    void stream_body_is_references_line_then_response_line() throws Exception {
        String body = results.streamBody(QueryRequest.parse("{\"query\": \"abc\"}"), "An answer.", found());
        List<String> lines = body.lines().toList();

        assertEquals(2, lines.size());
        assertEquals("w.txt", json.readTree(lines.get(0)).get("references").get(0).get("file_path").asText());
        assertEquals("An answer.", json.readTree(lines.get(1)).get("response").asText());
        assertTrue(body.endsWith("\n"));

        String single = results.streamBody(QueryRequest.parse("{\"query\": \"abc\", \"stream\": false}"), "A.", found());
        JsonNode one = json.readTree(single);
        assertEquals(1, single.lines().count());
        assertTrue(one.has("references") && one.has("response"));

        String noRefs = results.streamBody(QueryRequest.parse("{\"query\": \"abc\", \"include_references\": false}"),
                "A.", found());
        assertEquals(List.of("{\"response\":\"A.\"}"), noRefs.lines().toList());
        assertEquals("{\"error\":\"boom\"}\n", results.errorLine("boom"));
    }

    @Test
    void data_response_has_lightrags_shape() throws Exception {
        JsonNode body = json.valueToTree(results.data(found()));

        assertEquals("success", body.get("status").asText());
        JsonNode data = body.get("data");
        JsonNode entity = data.get("entities").get(0);
        assertEquals(List.of("entity_name", "entity_type", "description", "source_id", "file_path", "created_at"),
                fieldNames(entity));
        assertEquals(11, entity.get("created_at").asLong());
        assertEquals(List.of("src_id", "tgt_id", "description", "keywords", "weight", "source_id", "file_path",
                "created_at"), fieldNames(data.get("relationships").get(0)));
        assertEquals(List.of("reference_id", "content", "file_path", "chunk_id"), fieldNames(data.get("chunks").get(0)));
        assertEquals("g.txt", data.get("references").get(1).get("file_path").asText());
        JsonNode metadata = body.get("metadata");
        assertEquals("local", metadata.get("query_mode").asText());
        assertEquals("Ahab", metadata.get("keywords").get("low_level").get(0).asText());
        assertEquals("sea", metadata.get("keywords").get("high_level").get(0).asText());
        assertEquals(3, metadata.get("processing_info").get("total_entities_found").asInt());
    }

    @Test
    void data_of_an_empty_context_says_so() {
        Map<String, Object> body = results.data(QueryContext.empty(QueryMode.MIX, Keywords.NONE));
        assertEquals("failure", body.get("status"));
        assertFalse(((String) body.get("message")).isBlank());
        assertEquals(List.of(), ((Map<?, ?>) body.get("data")).get("entities"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
