package dev.librarian.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryPromptTest {

    @Test
    void entityPromptListsFragmentsAsJsonLines() throws Exception {
        SummaryPrompt p = new SummaryPrompt("Russian", 600);
        List<String> fragments = List.of("Рагин — врач.", "Он читает \"книги\"\nпо вечерам.");
        String prompt = p.forEntity("Андрей Ефимыч Рагин", fragments);
        assertTrue(prompt.contains("Андрей Ефимыч Рагин"));
        assertTrue(prompt.contains("Russian"));
        assertTrue(prompt.contains("600"));
        assertTrue(prompt.contains("{\"Description\": \"Рагин — врач.\"}\n"), "non-ASCII kept raw, Python layout");
        List<String> lines = prompt.lines().filter(l -> l.startsWith("{\"Description\"")).toList();
        assertEquals(2, lines.size());
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode node = json.readTree(lines.get(i));
            assertEquals(fragments.get(i), node.get("Description").asText());
        }
    }

    @Test
    void relationPromptNamesBothEnds() {
        String prompt = new SummaryPrompt("English", 0).forRelation("Alice", "Bob", List.of("Friends."));
        assertTrue(prompt.contains("(Alice, Bob)"));
        assertTrue(prompt.contains("600"), "default length");
        assertTrue(prompt.contains("relation"));
    }

    /** The prompt is part of the LLM cache key: the fragments' JSON must stay what earlier versions wrote. */
    @Test
    void fragmentsAreWrittenExactlyAsEachWrittenAloneAsJson() throws Exception {
        List<String> fragments = Arrays.asList("quote \" and back\\slash", "tab\tnew\nline\r\u0001\u001f",
                "emoji \uD83D\uDCDA, line sep \u2028, ё", "", null, "/slash/ <tag> & 'apos'");
        ObjectMapper json = new ObjectMapper();
        StringBuilder expected = new StringBuilder();
        for (String f : fragments) {
            expected.append("{\"Description\": ").append(json.writeValueAsString(f == null ? "" : f)).append("}\n");
        }
        assertEquals(expected.toString(), SummaryPrompt.jsonLines(fragments));
        assertTrue(SummaryPrompt.jsonLines(fragments)
                .startsWith("{\"Description\": \"quote \\\" and back\\\\slash\"}\n"));
    }
}
