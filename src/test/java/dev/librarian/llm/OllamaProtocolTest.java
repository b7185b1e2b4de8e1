package dev.librarian.llm;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a reasoning model thought before answering never reaches an answer, a parser or the cache. */
class OllamaProtocolTest {

    private final OllamaProtocol ollama = new OllamaProtocol("qwen3:8b", "bge-m3:latest", Optional.empty());

    @Test
    void the_reasoning_is_cut_from_a_chat_answer_whether_closed_cut_off_at_either_end_or_in_capitals() {
        assertEquals("Базаров — нигилист.", content("<think>Кто он?\nНигилист.</think>\n\nБазаров — нигилист."));
        assertEquals("Anna is in Moscow.", content("<THINK>where</THINK> Anna is in Moscow."));
        assertEquals("Anna is in Moscow.", content("the template opened it: where is she?</think>Anna is in Moscow."));
        assertEquals("Anna is in Moscow.", content("Anna is in Moscow.\n<think>the answer ran out while thinking"));
        assertEquals("no tags here", content("  no tags here  "));
    }

    private String content(String answer) {
        return ollama.chatContent(Map.of("message", Map.of("role", "assistant", "content", answer)));
    }
}
