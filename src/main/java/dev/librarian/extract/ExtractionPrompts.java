package dev.librarian.extract;

import dev.librarian.model.Separators;

import java.util.List;
import java.util.Map;

/**
 * Librarian's own prompts for extracting a knowledge graph from one chunk, asking for LightRAG's record format:
 * one row per line, {@code entity<|#|>name<|#|>type<|#|>description} rows first, then
 * {@code relation<|#|>source<|#|>target<|#|>keywords<|#|>description} rows, and {@code <|COMPLETE|>} at the end.
 * The texts are deterministic, so identical chunks give identical prompts (and LLM cache hits).
 */
public final class ExtractionPrompts {

    /** Entity types used when none are configured (LightRAG's default set). */
    public static final List<String> DEFAULT_TYPES = List.of("Person", "Creature", "Organization", "Location",
            "Event", "Concept", "Method", "Content", "Data", "Artifact", "NaturalObject");
    /** LightRAG's default limit on rows per answer. */
    public static final int DEFAULT_MAX_RECORDS = 100;
    /** LightRAG's default limit on entity rows per answer. */
    public static final int DEFAULT_MAX_ENTITIES = 40;
    /** Type to use when nothing else fits. */
    public static final String FALLBACK_TYPE = "Other";

    private static final Map<String, String> TYPE_HINTS = Map.ofEntries(
            Map.entry("Person", "a human being, real or fictional, named or clearly identified"),
            Map.entry("Creature", "an animal, imaginary being or other non-human living thing"),
            Map.entry("Organization", "a company, institution, government body, army, family house or other group"),
            Map.entry("Location", "a country, town, estate, building, room or any other place"),
            Map.entry("Event", "something that happens at a particular time: a meeting, duel, illness, war, journey"),
            Map.entry("Concept", "an idea, belief, theory, feeling or abstract notion the text discusses"),
            Map.entry("Method", "a procedure, technique, treatment or way of doing something"),
            Map.entry("Content", "a book, article, letter, song, painting or other work or message"),
            Map.entry("Data", "a figure, date, amount, measurement or statistic"),
            Map.entry("Artifact", "a made object: a tool, weapon, vehicle, garment, piece of furniture"),
            Map.entry("NaturalObject", "a plant, mineral, substance, body of water or other natural thing"));

    private static final String FENCE = "```";
    /** Used instead when the chunk itself contains a triple backtick. */
    private static final String LONG_FENCE = "````";
    private static final String PASSAGE_LABEL = "Passage:\n";
    private static final String CLOSING = "\n\nRows:";

    private final String language;
    private final List<String> entityTypes;
    private final int maxRecords;
    private final int maxEntities;
    private final String system;

    /**
     * @param language    language of the descriptions, e.g. {@code English} or {@code Russian}
     * @param entityTypes entity types to offer; null or empty means {@link #DEFAULT_TYPES}
     * @param maxRecords  most rows per answer
     * @param maxEntities most entity rows per answer
     */
    public ExtractionPrompts(String language, List<String> entityTypes, int maxRecords, int maxEntities) {
        this.language = language == null || language.isBlank() ? "English" : language.strip();
        this.entityTypes = entityTypes == null || entityTypes.isEmpty() ? DEFAULT_TYPES : List.copyOf(entityTypes);
        this.maxRecords = maxRecords > 0 ? maxRecords : DEFAULT_MAX_RECORDS;
        this.maxEntities = maxEntities > 0 ? Math.min(maxEntities, this.maxRecords) : DEFAULT_MAX_ENTITIES;
        this.system = buildSystem();
    }

    /** Defaults: LightRAG's types and limits. */
    public ExtractionPrompts(String language) {
        this(language, DEFAULT_TYPES, DEFAULT_MAX_RECORDS, DEFAULT_MAX_ENTITIES);
    }

    public String language() {
        return language;
    }

    public List<String> entityTypes() {
        return entityTypes;
    }

    /** The system message: task, row formats, rules and entity types. */
    public String system() {
        return system;
    }

    /**
     * The user message for one chunk: a reminder of the task, then {@code "Passage:\n```\n" + chunkText + "\n```"}
     * and a closing {@code "\n\nRows:"}. A chunk containing {@code ```} is fenced with four backticks instead.
     */
    public String user(String chunkText) {
        String text = chunkText == null ? "" : chunkText;
        String fence = text.contains(FENCE) ? LONG_FENCE : FENCE;
        return "Read the passage below and write the entity rows and relation rows for it, exactly in the format "
                + "described in your instructions. Descriptions in " + language + ". Last line: "
                + Separators.COMPLETION + "\n\n"
                + PASSAGE_LABEL + fence + "\n" + text + "\n" + fence + CLOSING;
    }

    /**
     * The chunk text inside a prompt made by {@link #user(String)} (the inverse of {@code user}); null when the
     * prompt does not have that layout.
     */
    public static String chunkTextOf(String userPrompt) {
        if (userPrompt == null) {
            return null;
        }
        for (String fence : List.of(LONG_FENCE, FENCE)) {
            String head = PASSAGE_LABEL + fence + "\n";
            String tail = "\n" + fence + CLOSING;
            int start = userPrompt.indexOf(head);
            int end = userPrompt.lastIndexOf(tail);
            if (start >= 0 && end >= start + head.length() - 1 && userPrompt.endsWith(tail)) {
                return start + head.length() > end ? "" : userPrompt.substring(start + head.length(), end);
            }
        }
        return null;
    }

    /** The follow-up message (gleaning): only rows that were missed or malformed in the previous answer. */
    public String gleaning() {
        return "Go through the same passage once more. Write only what your previous answer lacked:\n"
                + "- entities or relations that you missed;\n"
                + "- rows that were malformed (wrong number of fields, broken delimiter), written again correctly.\n"
                + "Do not repeat rows that were already correct. Use exactly the same row formats, entity rows before "
                + "relation rows, descriptions in " + language + ", and end with " + Separators.COMPLETION
                + " on its own line. If nothing is missing, answer with " + Separators.COMPLETION + " only.";
    }

    private String buildSystem() {
        String d = Separators.TUPLE;
        StringBuilder s = new StringBuilder(4096);
        s.append("You build a knowledge graph from passages of books. For each passage you list the entities it "
                + "mentions and the relations between them, as plain-text rows that a program will read.\n\n");

        s.append("## Row formats\n");
        s.append("Fields are separated by the exact marker ").append(d).append(" and every row is on its own line.\n");
        s.append("Entity row (4 fields):\n");
        s.append("entity").append(d).append("name").append(d).append("type").append(d).append("description\n");
        s.append("Relation row (5 fields):\n");
        s.append("relation").append(d).append("source").append(d).append("target").append(d).append("keywords")
                .append(d).append("description\n\n");

        s.append("## Entities\n");
        s.append("- name: the entity's name as written in the passage, in the passage's own language and script; "
                + "do not translate or transliterate it. Use the fullest form the passage gives (e.g. first name "
                + "and surname) and the same form every time you refer to that entity.\n");
        s.append("- type: exactly one of the types listed at the end; if none fits, use ").append(FALLBACK_TYPE)
                .append(".\n");
        s.append("- description: one or two sentences in ").append(language).append(", in the third person, on "
                + "what the passage says about the entity (role, traits, actions, situation). Use only facts from "
                + "the passage.\n");
        s.append("- Only extract entities that matter in the passage; skip pronouns and generic words.\n\n");

        s.append("## Relations\n");
        s.append("- source and target: names of entities from your entity rows, written identically; they must "
                + "be two different entities.\n");
        s.append("- Relations have no direction; write each pair only once.\n");
        s.append("- If something links more than two entities, write one relation for each pair involved.\n");
        s.append("- keywords: a few short words or phrases in ").append(language).append(", separated by commas, "
                + "naming the kind of link (e.g. kinship, friendship, conflict, employment).\n");
        s.append("- description: one or two sentences in ").append(language)
                .append(" on how the two are connected in the passage.\n\n");

        s.append("## Output rules\n");
        s.append("- First all entity rows, then all relation rows.\n");
        s.append("- At most ").append(maxRecords).append(" rows in total, of which at most ").append(maxEntities)
                .append(" entity rows; keep the most important ones if there are more.\n");
        s.append("- Never put ").append(d).append(" inside a field, and never put a line break inside a row.\n");
        s.append("- Write nothing else: no numbering, no bullets, no headings, no explanations, no code fences.\n");
        s.append("- After the last row, write ").append(Separators.COMPLETION).append(" on a line of its own.\n\n");

        s.append("## Example\n");
        if (!language.equalsIgnoreCase("English")) {
            s.append("(The example is in English only to show the shape; your descriptions and keywords go in ")
                    .append(language).append(".)\n");
        }
        s.append("entity").append(d).append("Anna Petrovna").append(d).append("Person").append(d)
                .append("Anna Petrovna is a widow who runs the mill by the river.\n");
        s.append("entity").append(d).append("Mill").append(d).append("Location").append(d)
                .append("The water mill by the river, run by Anna Petrovna.\n");
        s.append("relation").append(d).append("Anna Petrovna").append(d).append("Mill").append(d)
                .append("ownership, work").append(d).append("Anna Petrovna owns the mill and works there daily.\n");
        s.append(Separators.COMPLETION).append("\n\n");

        s.append("## Entity types\n");
        for (String type : entityTypes) {
            String hint = TYPE_HINTS.get(type);
            s.append("- ").append(type);
            if (hint != null) {
                s.append(": ").append(hint);
            }
            s.append('\n');
        }
        s.append("- ").append(FALLBACK_TYPE).append(": anything that fits none of the types above\n");
        return s.toString();
    }
}
