package dev.librarian.query;

import dev.librarian.llm.ChatRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeywordPromptTest {

    @Test
    void one_user_message_asking_for_both_lists_with_the_query_last() {
        ChatRequest request = new KeywordPrompt("German").request("Who is\nCaptain Ahab?");

        assertEquals(1, request.messages().size());
        assertEquals("user", request.messages().get(0).role());
        String text = request.messages().get(0).content();
        assertTrue(text.contains("\"high_level_keywords\"") && text.contains("\"low_level_keywords\""));
        assertTrue(text.contains("German"));
        List<String> lines = text.strip().lines().toList();
        assertEquals("Query: Who is Captain Ahab?", lines.get(lines.size() - 1));
        assertEquals(1, text.lines().filter(l -> l.startsWith("Query:")).count(), "examples use other labels");
        assertEquals("keywords", request.kind());
        assertEquals("keywords", request.cacheType());
        assertEquals(0, request.priority());
        assertNull(request.chunkId());
    }
}
