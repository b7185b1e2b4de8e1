package dev.librarian.extract;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.librarian.testing.Corpus;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtractionPromptsTest {

    private static final Path CHEKHOV = Corpus.CHEKHOV;

    /** The text between the last two ``` fences, without the line breaks that belong to the fences. */
    private static String betweenLastFences(String prompt) {
        int close = prompt.lastIndexOf("```");
        int open = prompt.lastIndexOf("```", close - 1);
        String inner = prompt.substring(open + 3, close);
        assertTrue(inner.startsWith("\n") && inner.endsWith("\n"), "fences are on their own lines");
        return inner.substring(1, inner.length() - 1);
    }

    @Test
    void systemPromptNamesTheFormat() {
        ExtractionPrompts p = new ExtractionPrompts("Russian", null, 100, 40);
        String s = p.system();
        assertTrue(s.contains("<|#|>"));
        assertTrue(s.contains("<|COMPLETE|>"));
        assertTrue(s.contains("entity<|#|>name<|#|>type<|#|>description"));
        assertTrue(s.contains("relation<|#|>source<|#|>target<|#|>keywords<|#|>description"));
        assertTrue(s.contains("Russian"));
        assertTrue(s.contains("100") && s.contains("40"));
        for (String type : ExtractionPrompts.DEFAULT_TYPES) {
            assertTrue(s.contains(type), type);
        }
        assertEquals(s, new ExtractionPrompts("Russian", ExtractionPrompts.DEFAULT_TYPES, 100, 40).system(),
                "deterministic");
    }

    @Test
    void customTypes() {
        String s = new ExtractionPrompts("English", List.of("Ship", "Port"), 50, 20).system();
        assertTrue(s.contains("- Ship\n"));
        assertTrue(s.contains("- Port\n"));
        assertFalse(s.contains("NaturalObject"));
    }

    @Test
    void userPromptEndsWithTheChunkInAFence() throws IOException {
        String chunk = Files.readString(CHEKHOV, StandardCharsets.UTF_8).substring(200, 3200).strip();
        ExtractionPrompts p = new ExtractionPrompts("Russian");
        String user = p.user(chunk);
        assertEquals(chunk, betweenLastFences(user));
        assertEquals(chunk, ExtractionPrompts.chunkTextOf(user));
        assertTrue(user.substring(user.lastIndexOf("```")).length() < 20, "only a short closing line after the fence");
        assertEquals("", ExtractionPrompts.chunkTextOf(p.user("")));
    }

    @Test
    void chunkContainingFencesStillRoundTrips() {
        String chunk = "code:\n```\nx = 1\n```\nend";
        String user = new ExtractionPrompts("English").user(chunk);
        assertEquals(chunk, ExtractionPrompts.chunkTextOf(user));
        assertTrue(user.contains("````\n" + chunk + "\n````"));
    }

    @Test
    void gleaningPromptDoesNotRepeatTheChunk() {
        ExtractionPrompts p = new ExtractionPrompts("Russian");
        String g = p.gleaning();
        assertTrue(g.contains("<|COMPLETE|>"));
        assertFalse(g.contains("```"));
        assertTrue(g.contains("missed"));
    }

    @Test
    void theExampleInTheSystemPromptParses() {
        String example = new ExtractionPrompts("Russian").system().lines()
                .filter(l -> l.startsWith("entity<|#|>Anna") || l.startsWith("entity<|#|>Mill")
                        || l.startsWith("relation<|#|>Anna") || l.equals("<|COMPLETE|>"))
                .reduce("", (a, b) -> a + b + "\n");
        ParsedRecords r = ExtractionParser.parse(example, "c", "f");
        assertEquals(2, r.entities().size());
        assertEquals(1, r.relations().size());
        assertEquals("Mill", r.relations().get(0).target());
    }

    @Test
    void llmStyleAnswerToOurPromptParses() {
        // the shape our example block asks for must be readable by our parser
        String answer = "entity<|#|>Андрей Ефимыч<|#|>Person<|#|>Доктор.\n"
                + "relation<|#|>Андрей Ефимыч<|#|>Михаил Аверьяныч<|#|>дружба<|#|>Друзья.\n<|COMPLETE|>";
        ParsedRecords r = ExtractionParser.parse(answer, "c", "f");
        assertEquals(1, r.entities().size());
        assertEquals(1, r.relations().size());
    }
}
