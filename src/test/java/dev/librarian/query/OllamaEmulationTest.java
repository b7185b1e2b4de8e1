package dev.librarian.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.api.BadRequestException;
import dev.librarian.api.NotFoundException;
import dev.librarian.chunk.Tokenizer;
import dev.librarian.llm.ChatMessage;
import dev.librarian.query.OllamaEmulation.ParsedPrefix;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OllamaEmulationTest {

    private final OllamaEmulation emulation = new OllamaEmulation("librarian:latest", Tokenizer.o200k(),
            Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void mode_prefixes_choose_the_mode() {
        assertEquals(new ParsedPrefix("Who is Ahab?", QueryMode.LOCAL, false, null),
                OllamaEmulation.parsePrefix("/local Who is Ahab?"));
        assertEquals(QueryMode.GLOBAL, OllamaEmulation.parsePrefix("/global themes").mode());
        assertEquals(QueryMode.HYBRID, OllamaEmulation.parsePrefix("/hybrid x").mode());
        assertEquals(QueryMode.NAIVE, OllamaEmulation.parsePrefix("/naive x").mode());
        assertEquals(QueryMode.MIX, OllamaEmulation.parsePrefix("/mix x").mode());
        assertEquals(QueryMode.BYPASS, OllamaEmulation.parsePrefix("/bypass tell a joke").mode());
        assertEquals(new ParsedPrefix("Who is Ahab?", QueryMode.MIX, false, null),
                OllamaEmulation.parsePrefix("Who is Ahab?"));
        assertEquals(new ParsedPrefix("/localWho", QueryMode.MIX, false, null),
                OllamaEmulation.parsePrefix("/localWho"), "a mode prefix needs its space");
    }

    @Test
    void context_prefixes_ask_for_the_context_only() {
        assertEquals(new ParsedPrefix("Who is Ahab?", QueryMode.MIX, true, null),
                OllamaEmulation.parsePrefix("/context Who is Ahab?"));
        assertEquals(new ParsedPrefix("x", QueryMode.LOCAL, true, null), OllamaEmulation.parsePrefix("/localcontext x"));
        assertEquals(new ParsedPrefix("x", QueryMode.NAIVE, true, null), OllamaEmulation.parsePrefix("/naivecontext x"));
    }

    @Test
    void bracketed_instructions_become_the_user_prompt() {
        assertEquals(new ParsedPrefix("Who is Ahab?\nAnd why?", QueryMode.LOCAL, false, "use a table"),
                OllamaEmulation.parsePrefix("/local[use a table] Who is Ahab?\nAnd why?"));
        assertEquals(new ParsedPrefix("Who is Ahab?", QueryMode.MIX, false, "be brief"),
                OllamaEmulation.parsePrefix("/[be brief] Who is Ahab?"));
    }

    @Test
    void a_chat_body_gives_query_history_and_flags() {
        OllamaChatCall call = emulation.parseChat("""
                {"model": "librarian:latest", "messages": [
                  {"role": "user", "content": "Who is Ahab?"},
                  {"role": "assistant", "content": "A captain."},
                  {"role": "user", "content": "/hybrid[cite chapters] And his ship?"}]}""");

        assertEquals("And his ship?", call.query());
        assertEquals(QueryMode.HYBRID, call.mode());
        assertEquals("cite chapters", call.userPrompt());
        assertEquals(List.of(ChatMessage.user("Who is Ahab?"), ChatMessage.assistant("A captain.")), call.history());
        assertTrue(call.stream(), "Ollama chat streams by default");
        assertFalse(call.bypass());
        QueryRequest request = call.toQueryRequest(QuerySettings.defaults());
        assertEquals(QueryMode.HYBRID, request.mode());
        assertEquals(40, request.topK());
        assertEquals(call.history(), request.conversationHistory());
    }

    @Test
    void bypass_and_open_webui_tasks_skip_retrieval() {
        OllamaChatCall bypass = emulation.parseChat("{\"model\": \"m\", \"system\": \"Be terse.\", \"stream\": false,"
                + " \"messages\": [{\"role\": \"user\", \"content\": \"/bypass Tell a joke\"}]}");
        assertTrue(bypass.bypass());
        assertEquals(List.of(ChatMessage.system("Be terse."), ChatMessage.user("Tell a joke")),
                emulation.bypassRequest(bypass).messages());

        OllamaChatCall title = emulation.parseChat("{\"model\": \"m\", \"messages\": [{\"role\": \"user\","
                + " \"content\": \"Create a title.\\n<chat_history>\\nUSER: hi\"}]}");
        assertTrue(title.bypass());
    }

    @Test
    void bad_chat_bodies_are_rejected() {
        assertEquals("No messages provided", assertThrows(BadRequestException.class,
                () -> emulation.parseChat("{\"model\": \"m\", \"messages\": []}")).getMessage());
        assertEquals("Last message must be from user role", assertThrows(BadRequestException.class,
                () -> emulation.parseChat("{\"model\": \"m\", \"messages\": [{\"role\": \"assistant\", \"content\": \"x\"}]}"))
                .getMessage());
        assertTrue(assertThrows(BadRequestException.class, () -> emulation.parseChat("{oops"))
                .getMessage().startsWith("Invalid JSON in request body"));
        assertEquals("messages[0].content must be a string", assertThrows(BadRequestException.class,
                () -> emulation.parseChat("{\"messages\": [{\"role\": \"user\"}]}")).getMessage());
    }

    @Test
    void generate_prompts_take_the_chat_prefixes_and_stream_by_default() {
        OllamaChatCall call = emulation.parseGenerate("{\"model\": \"m\", \"prompt\": \"/local Who is Ahab?\"}");
        assertTrue(call.stream(), "generate streams by default, as Ollama does");
        assertEquals(QueryMode.LOCAL, call.mode());
        assertEquals("Who is Ahab?", call.query());
        assertEquals(List.of(), call.history());
        assertFalse(call.bypass());
        assertEquals(QueryMode.MIX, emulation.parseGenerate("{\"prompt\": \"Who is Ahab?\"}").mode(),
                "no prefix: mix, as in a chat");

        OllamaChatCall bypass = emulation.parseGenerate("{\"model\": \"m\", \"prompt\": \"/bypass Hello\","
                + " \"system\": \"S\", \"stream\": false}");
        assertTrue(bypass.bypass());
        assertFalse(bypass.stream());
        assertEquals(List.of(ChatMessage.system("S"), ChatMessage.user("Hello")),
                emulation.bypassRequest(bypass).messages());
        assertEquals("prompt is required", assertThrows(BadRequestException.class,
                () -> emulation.parseGenerate("{\"model\": \"m\"}")).getMessage());
    }

    @Test
    void tools_and_format_are_refused_but_an_empty_tools_list_is_not() {
        String chat = "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi there\"}]";
        assertEquals("librarian:latest does not support tools: it answers from the library in prose",
                assertThrows(BadRequestException.class, () -> emulation.parseChat(chat
                        + ", \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"f\"}}]}")).getMessage());
        assertTrue(assertThrows(BadRequestException.class, () -> emulation.parseChat(chat + ", \"format\": \"json\"}"))
                .getMessage().startsWith("librarian:latest does not support format"));
        assertTrue(assertThrows(BadRequestException.class, () -> emulation.parseGenerate(
                "{\"prompt\": \"Hi\", \"format\": {\"type\": \"object\"}}")).getMessage().contains("format"));
        assertEquals("Hi there", emulation.parseChat(chat + ", \"tools\": [], \"format\": \"\"}").query(),
                "LightRAG's own binding sends tools: []");
    }

    @Test
    void show_describes_the_emulated_model_and_nothing_else() {
        OllamaEmulation withWindow = new OllamaEmulation("librarian:latest", 8192, Tokenizer.o200k(), Clock.systemUTC());
        Map<String, Object> shown = withWindow.show("{\"model\": \"librarian\"}");
        assertEquals(List.of("completion"), shown.get("capabilities"));
        Map<?, ?> info = (Map<?, ?>) shown.get("model_info");
        assertEquals("librarian", info.get("general.architecture"));
        assertEquals(8192, info.get("librarian.context_length"));
        assertEquals("gguf", ((Map<?, ?>) shown.get("details")).get("format"));
        assertEquals(shown, withWindow.show("{\"name\": \"librarian:latest\"}"), "the older field name");
        assertEquals("model 'llama3' not found", assertThrows(NotFoundException.class,
                () -> withWindow.show("{\"model\": \"llama3\"}")).getMessage());
    }

    @Test
    void chat_answers_have_ollamas_shape() throws Exception {
        Map<String, Object> whole = emulation.chatResponse("Ahab is a captain.", "Who is Ahab?", System.nanoTime());
        assertEquals("librarian:latest", whole.get("model"));
        assertEquals("2026-01-02T03:04:05Z", whole.get("created_at"));
        assertEquals(Map.of("role", "assistant", "content", "Ahab is a captain."),
                withoutNulls((Map<?, ?>) whole.get("message")));
        assertEquals(true, whole.get("done"));
        assertEquals("stop", whole.get("done_reason"));
        assertTrue((int) whole.get("eval_count") > 0 && (int) whole.get("prompt_eval_count") > 0);
        assertTrue(whole.containsKey("total_duration") && whole.containsKey("eval_duration"));

        List<String> lines = emulation.chatStream("Ahab is a captain.", "Who is Ahab?", System.nanoTime()).lines().toList();
        assertEquals(2, lines.size());
        JsonNode piece = json.readTree(lines.get(0));
        assertEquals("Ahab is a captain.", piece.get("message").get("content").asText());
        assertFalse(piece.get("done").asBoolean());
        assertTrue(piece.get("message").get("images").isNull());
        JsonNode done = json.readTree(lines.get(1));
        assertTrue(done.get("done").asBoolean());
        assertEquals("", done.get("message").get("content").asText());
        assertTrue(done.has("total_duration") && done.has("eval_count") && done.has("done_reason"));
    }

    @Test
    void generate_answers_have_ollamas_shape() throws Exception {
        Map<String, Object> whole = emulation.generateResponse("Hi!", "Hello", System.nanoTime());
        assertEquals("Hi!", whole.get("response"));
        assertEquals(List.of(), whole.get("context"));
        List<String> lines = emulation.generateStream("Hi!", "Hello", System.nanoTime()).lines().toList();
        assertEquals("Hi!", json.readTree(lines.get(0)).get("response").asText());
        assertTrue(json.readTree(lines.get(1)).get("done").asBoolean());
    }

    @Test
    void tags_and_version_announce_one_model() {
        Map<?, ?> model = (Map<?, ?>) ((List<?>) emulation.tags().get("models")).get(0);
        assertEquals("librarian:latest", model.get("name"));
        assertEquals("librarian:latest", model.get("model"));
        assertTrue(model.containsKey("size") && model.containsKey("digest") && model.containsKey("modified_at"));
        assertEquals("gguf", ((Map<?, ?>) model.get("details")).get("format"));
        assertEquals(Map.of("version", "0.9.3"), emulation.version());
        assertNull(((Map<?, ?>) ((List<?>) emulation.ps().get("models")).get(0)).get("modified_at"));
        assertEquals("librarian:latest", new OllamaEmulation(QuerySettings.defaults()).model());
    }

    private static Map<Object, Object> withoutNulls(Map<?, ?> map) {
        Map<Object, Object> out = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }
}
