package dev.librarian.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

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
}
