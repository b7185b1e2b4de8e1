package dev.librarian.query;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeywordParserTest {

    private final KeywordParser parser = new KeywordParser();

    private static Keywords kw(List<String> high, List<String> low) {
        return new Keywords(high, low);
    }

    @Test
    void reads_a_clean_answer() {
        assertEquals(kw(List.of("revenge", "whaling"), List.of("Ahab", "Moby Dick")), parser.parse(
                "{\"high_level_keywords\": [\"revenge\", \"whaling\"], \"low_level_keywords\": [\"Ahab\", \"Moby Dick\"]}"));
    }

    @Test
    void drops_reasoning_fences_and_surrounding_prose() {
        String answer = """
                <think>The user asks about Ahab. {"not": "this"}</think>
                Sure! Here are the keywords:
                ```json
                {
                  "high_level_keywords": ["obsession"],
                  "low_level_keywords": ["Ahab"]
                }
                ```
                Hope this helps.""";
        assertEquals(kw(List.of("obsession"), List.of("Ahab")), parser.parse(answer));
    }

    @Test
    void accepts_lenient_json() {
        assertEquals(kw(List.of("sea"), List.of("Pequod")),
                parser.parse("{'high_level_keywords': ['sea',], low_level_keywords: ['Pequod'],}"));
    }

    @Test
    void accepts_strings_in_place_of_lists() {
        assertEquals(kw(List.of("revenge", "the sea"), List.of("Ahab", "Pequod", "Nantucket")), parser.parse(
                "{\"high_level_keywords\": \"revenge, the sea\", \"low_level_keywords\": \"Ahab\\nPequod\\n- Nantucket\"}"));
    }

    @Test
    void list_elements_keep_their_commas() {
        assertEquals(kw(List.of(), List.of("Washington, D.C.")),
                parser.parse("{\"high_level_keywords\": [], \"low_level_keywords\": [\"Washington, D.C.\"]}"));
    }

    @Test
    void salvages_a_truncated_answer() {
        assertEquals(kw(List.of("revenge", "sea"), List.of("Ahab", "Pequ")),
                parser.parse("{\"high_level_keywords\": [\"revenge\", \"sea\"], \"low_level_keywords\": [\"Ahab\", \"Pequ"));
    }

    @Test
    void tolerates_key_variants_and_odd_values() {
        assertEquals(kw(List.of("war", "1812"), List.of("Napoleon")), parser.parse(
                "{\"keywords\": {\"High-Level Keywords\": [\"war\", 1812, null, \"war\"], \"low_level\": [\" Napoleon \", \"\"]}}"));
    }

    @Test
    void nothing_usable_gives_no_keywords_and_never_throws() {
        for (String answer : new String[]{null, "", "   ", "I cannot help with that. ### ??? <|#|",
                "{\"high_level_keywords\": [], \"low_level_keywords\": []}", "{\"answer\": 42}", "{{{", "<think>"}) {
            assertEquals(Keywords.NONE, parser.parse(answer), String.valueOf(answer));
        }
    }

    @Test
    void short_queries_fall_back_to_themselves_as_the_low_level_keyword() {
        assertEquals(kw(List.of(), List.of("Who is Ahab?")), Keywords.NONE.withQueryFallback("Who is Ahab?"));
        String longQuery = "x".repeat(Keywords.FALLBACK_MAX_QUERY_LENGTH);
        assertEquals(Keywords.NONE, Keywords.NONE.withQueryFallback(longQuery));
        Keywords some = kw(List.of("sea"), List.of());
        assertEquals(some, some.withQueryFallback("Who is Ahab?"), "non-empty keywords stay as they are");
        assertEquals("a, b", kw(List.of("a", "b"), List.of()).highLevelText());
    }
}
