package dev.librarian.query;

import dev.librarian.llm.ChatMessage;
import dev.librarian.llm.ChatRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Context text and answer prompts. */
class PromptsTest {

    private final ContextRenderer renderer = new ContextRenderer();
    private final AnswerPrompt prompt = new AnswerPrompt();

    private static QueryContext context(QueryMode mode, String text) {
        return new QueryContext(mode, Keywords.NONE, List.of(), List.of(),
                List.of(new RetrievedChunk("c1", "text", "a.txt", "1")), List.of(new Reference("1", "a.txt")), text,
                RetrievalStats.NONE);
    }

    @Test
    void json_lines_are_written_like_python_json_dumps() {
        RetrievedEntity e = new RetrievedEntity("Громов", "person", "Иван Дмитрич \"Громов\"\nбыл", "c1", "a.txt",
                1L, 2);
        assertEquals("{\"entity\": \"Громов\", \"type\": \"person\", \"description\": \"Иван Дмитрич \\\"Громов\\\"\\nбыл\"}",
                renderer.entityLine(e));
        RetrievedRelation r = new RetrievedRelation("A", "B", "", "k", 1.0, "c1", "a.txt", 1L, 2);
        assertEquals("{\"entity1\": \"A\", \"entity2\": \"B\", \"description\": \"UNKNOWN\"}", renderer.relationLine(r));
    }

    @Test
    void the_graph_context_has_all_four_sections_in_order() {
        RetrievedEntity e = new RetrievedEntity("Ahab", "person", "captain", "c1", "a.txt", 1L, 2);
        RetrievedRelation r = new RetrievedRelation("Ahab", "Pequod", "commands", "k", 1.0, "c1", "a.txt", 1L, 2);
        String text = renderer.knowledgeGraph(List.of(e), List.of(r),
                List.of(new RetrievedChunk("c1", "Call me {entities}.", "a.txt", "1")),
                List.of(new Reference("1", "a.txt"), new Reference("", "ignored")));

        int entities = text.indexOf("\"entity\": \"Ahab\"");
        int relations = text.indexOf("\"entity1\": \"Ahab\"");
        int chunks = text.indexOf("\"reference_id\": \"1\", \"content\": \"Call me {entities}.\"");
        int refs = text.indexOf("[1] a.txt");
        assertTrue(entities > 0 && relations > entities && chunks > relations && refs > chunks, text);
        assertFalse(text.contains("ignored"), "references without an id are not listed");
    }

    @Test
    void the_system_prompt_carries_form_instructions_and_context() {
        QueryRequest r = QueryRequest.parse("{\"query\": \"Who is Ahab?\", \"response_type\": \"Bullet Points\","
                + " \"user_prompt\": \"Answer in {context} style.\"}");
        String system = prompt.systemPrompt(r, "THE-CONTEXT");

        assertTrue(system.contains("Bullet Points"));
        assertTrue(system.contains("Answer in {context} style."), "user text is not re-scanned");
        assertTrue(system.endsWith("THE-CONTEXT"));
        assertTrue(system.contains("knowledge graph"));
        String naive = prompt.systemPrompt(QueryRequest.parse("{\"query\": \"abc\", \"mode\": \"naive\"}"), "X");
        assertFalse(naive.contains("knowledge graph"));
        assertTrue(prompt.systemPrompt(QueryRequest.parse("{\"query\": \"abc\"}"), "X")
                .contains("Further instructions from the user: none"));
    }

    @Test
    void the_answer_call_is_system_then_history_then_query() {
        QueryRequest r = QueryRequest.parse("{\"query\": \"And his ship?\", \"conversation_history\": ["
                + "{\"role\": \"user\", \"content\": \"Who is Ahab?\"}, {\"role\": \"assistant\", \"content\": \"A captain.\"}]}");
        ChatRequest call = prompt.request(r, context(QueryMode.MIX, "CTX"));

        assertEquals(List.of("system", "user", "assistant", "user"),
                call.messages().stream().map(ChatMessage::role).toList());
        assertTrue(call.messages().get(0).content().endsWith("CTX"));
        assertEquals("And his ship?", call.messages().get(3).content());
        assertEquals("query", call.kind());
        assertEquals(0, call.priority());
    }

    @Test
    void only_need_prompt_gives_system_prompt_delimiter_and_query() {
        QueryRequest r = QueryRequest.parse("{\"query\": \"Who is Ahab?\"}");
        String text = prompt.promptText(r, context(QueryMode.MIX, "CTX"));
        assertTrue(text.endsWith("CTX\n\n---User Query---\n\nWho is Ahab?"), text);
    }

    @Test
    void bypass_sends_history_and_query_only() {
        QueryRequest r = QueryRequest.parse("{\"query\": \"Tell a joke\", \"mode\": \"bypass\","
                + " \"conversation_history\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
        assertEquals(List.of(ChatMessage.user("hi"), ChatMessage.user("Tell a joke")),
                prompt.bypassRequest(r).messages());
    }
}
