package dev.librarian.extract;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

/**
 * Librarian's own prompt for merging the description fragments of one entity or relation into a single summary.
 * It is sent as the user message without a system message. The fragments are listed as JSON Lines
 * ({@code {"Description": "..."}} per line, non-ASCII characters kept as they are), as LightRAG lists them.
 */
public final class SummaryPrompt {

    /** LightRAG's recommended summary length, in tokens. */
    public static final int DEFAULT_LENGTH = 600;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String language;
    private final int recommendedLength;

    /**
     * @param language          language of the summary, e.g. {@code English} or {@code Russian}
     * @param recommendedLength target length in tokens; values below 1 mean {@link #DEFAULT_LENGTH}
     */
    public SummaryPrompt(String language, int recommendedLength) {
        this.language = language == null || language.isBlank() ? "English" : language.strip();
        this.recommendedLength = recommendedLength > 0 ? recommendedLength : DEFAULT_LENGTH;
    }

    /** The prompt that summarizes an entity's description fragments. */
    public String forEntity(String name, List<String> fragments) {
        return build("entity", "Entity: " + name, fragments);
    }

    /** The prompt that summarizes a relation's description fragments. */
    public String forRelation(String source, String target, List<String> fragments) {
        return build("relation", "Relation between: (" + source + ", " + target + ")", fragments);
    }

    /** One {@code {"Description": "..."}} JSON object per fragment, one per line (Python's json.dumps layout). */
    static String jsonLines(List<String> fragments) {
        if (fragments == null) {
            return "";
        }
        // one generator for all fragments (a main character's summary lists hundreds), no separator between them
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.setRootValueSeparator(null);
            for (String fragment : fragments) {
                json.writeRaw("{\"Description\": ");
                json.writeString(fragment == null ? "" : fragment);
                json.writeRaw("}\n");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a description as JSON", e);
        }
        return out.toString();
    }

    private String build(String kind, String subject, List<String> fragments) {
        return "You are merging notes from a knowledge graph built from books. The notes below were written "
                + "separately, from different passages, about one " + kind + ". Combine them into one description.\n\n"
                + "Rules:\n"
                + "- Write in " + language + ", in the third person, as continuous prose (no lists, no headings).\n"
                + "- Start by naming the " + kind + " so the text stands on its own.\n"
                + "- Keep every distinct fact; state repeated facts once.\n"
                + "- If notes contradict each other, keep both versions and say they differ (they may refer to "
                + "different moments or to different bearers of the same name).\n"
                + "- Add nothing that the notes do not say.\n"
                + "- Stay under about " + recommendedLength + " tokens.\n"
                + "- Answer with the description only.\n\n"
                + subject + "\n\n"
                + "Notes (JSON Lines, one per line):\n"
                + jsonLines(fragments)
                + "\nDescription:";
    }
}
