package dev.librarian.extract;

import dev.librarian.intake.Whitespace;
import dev.librarian.llm.ThinkTags;
import dev.librarian.model.EntityRecord;
import dev.librarian.model.RelationRecord;
import dev.librarian.model.Separators;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads entity and relation rows from an extraction answer, as tolerantly as LightRAG: think blocks removed, lines
 * split at line breaks and {@code <|COMPLETE|>}, several records on one line separated, damaged delimiters repaired,
 * junk before the label accepted ({@code 1. entity<|#|>…}), a five-field row labelled {@code entity} read as a
 * relation, fields cleaned by {@link FieldNormalizer}. Rows that cannot be read are dropped silently.
 *
 * <p>Row shapes: {@code entity|name|type|description} and {@code relation|source|target|keywords|description}
 * (weight 1.0, or the last field when it is a number, as LightRAG does). The old LightRAG/GraphRAG shape
 * {@code ("relationship"<|>source<|>target<|>description<|>keywords<|>strength)} is read too.
 */
public final class ExtractionParser {

    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]*\\.?[0-9]+");

    private ExtractionParser() {
    }

    /** Parses {@code llmOutput}; never throws, null or blank gives {@link ParsedRecords#empty()}. */
    public static ParsedRecords parse(String llmOutput, String chunkId, String filePath) {
        if (llmOutput == null || llmOutput.isBlank()) {
            return ParsedRecords.empty();
        }
        List<EntityRecord> entities = new ArrayList<>();
        List<RelationRecord> relations = new ArrayList<>();
        List<String> lines;
        try {
            lines = RecordSplitter.lines(ThinkTags.remove(llmOutput));
        } catch (RuntimeException | StackOverflowError e) {
            return ParsedRecords.empty();
        }
        for (String line : lines) {
            try {
                for (String record : RecordSplitter.records(DelimiterRepair.repair(line))) {
                    parseRecord(record, chunkId, filePath, entities, relations);
                }
            } catch (RuntimeException | StackOverflowError e) {
                // an unreadable line is skipped like any other malformed row
            }
        }
        return new ParsedRecords(entities, relations);
    }

    private static void parseRecord(String record, String chunkId, String filePath,
                                    List<EntityRecord> entities, List<RelationRecord> relations) {
        List<String> fields = fields(unwrapOldStyle(record));
        if (fields.size() < 4) {
            return;
        }
        String label = fields.get(0).toLowerCase(Locale.ROOT);
        boolean saysEntity = label.contains("entity");
        boolean saysRelation = label.contains("relation");
        int n = fields.size();
        if (n == 5 && (saysEntity || saysRelation)) {
            addRelation(fields.get(1), fields.get(2), fields.get(3), fields.get(4), fields.get(4),
                    chunkId, filePath, relations);
        } else if (n == 6 && saysRelation && isNumber(fields.get(5))) {
            // old shape: source, target, description, keywords, strength
            addRelation(fields.get(1), fields.get(2), fields.get(4), fields.get(3), fields.get(5),
                    chunkId, filePath, relations);
        } else if (n == 4 && saysEntity) {
            addEntity(fields.get(1), fields.get(2), fields.get(3), chunkId, filePath, entities);
        }
    }

    private static void addEntity(String rawName, String rawType, String rawDescription, String chunkId,
                                  String filePath, List<EntityRecord> entities) {
        String name = FieldNormalizer.name(rawName);
        String type = FieldNormalizer.type(rawType);
        String description = FieldNormalizer.text(rawDescription);
        if (!name.isEmpty() && !type.isEmpty() && !description.isEmpty()) {
            entities.add(new EntityRecord(name, type, description, chunkId, filePath));
        }
    }

    private static void addRelation(String rawSource, String rawTarget, String rawKeywords, String rawDescription,
                                    String rawWeight, String chunkId, String filePath,
                                    List<RelationRecord> relations) {
        String source = FieldNormalizer.name(rawSource);
        String target = FieldNormalizer.name(rawTarget);
        String description = FieldNormalizer.text(rawDescription);
        if (source.isEmpty() || target.isEmpty() || source.equals(target) || description.isEmpty()) {
            return;
        }
        relations.add(new RelationRecord(source, target, FieldNormalizer.keywords(rawKeywords), description,
                weight(rawWeight), chunkId, filePath));
    }

    /** Fields split at the delimiter, trimmed, empty ones removed (LightRAG's splitter drops them too). */
    private static List<String> fields(String record) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int at = record.indexOf(Separators.TUPLE, from);
            String field = Whitespace.strip(at < 0 ? record.substring(from) : record.substring(from, at));
            if (!field.isEmpty()) {
                out.add(field);
            }
            if (at < 0) {
                return out;
            }
            from = at + Separators.TUPLE.length();
        }
    }

    /** {@code ("entity"<|#|>…<|#|>"desc")} without its parentheses. */
    private static String unwrapOldStyle(String record) {
        String s = record.strip();
        if (s.startsWith("(")) {
            s = s.substring(1);
            if (s.endsWith(")")) {
                s = s.substring(0, s.length() - 1);
            }
        }
        return s;
    }

    private static boolean isNumber(String field) {
        return NUMBER.matcher(unquote(field)).matches();
    }

    private static double weight(String field) {
        String s = unquote(field);
        if (NUMBER.matcher(s).matches()) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return 1.0;
            }
        }
        return 1.0;
    }

    private static String unquote(String s) {
        String t = Whitespace.strip(s);
        while (t.length() > 0 && (t.charAt(0) == '"' || t.charAt(0) == '\'')) {
            t = t.substring(1);
        }
        while (t.length() > 0 && (t.charAt(t.length() - 1) == '"' || t.charAt(t.length() - 1) == '\'')) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
