package dev.librarian.query;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.librarian.llm.ThinkTags;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the keyword LLM's answer as tolerantly as LightRAG does (§8) and then some: reasoning blocks and code fences
 * are dropped, the JSON object is found inside surrounding prose, lenient JSON (single quotes, trailing commas,
 * unquoted names) is accepted, a truncated object is salvaged key by key, and a comma- or newline-separated string
 * counts as a list. Never throws: an answer with nothing usable gives {@link Keywords#NONE}.
 */
public final class KeywordParser {

    private static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                    JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .build();

    private static final Pattern FENCE = Pattern.compile("(?m)^\\s*```[\\w-]*\\s*$|```");
    /** A key (quoted or not) followed by a list (possibly unclosed) or a string. */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "[\"']?((?:high|low)[ _-]?level(?:[ _-]?key[ _-]?words?)?|[hl]l[ _-]?key[ _-]?words?)[\"']?\\s*[:=]\\s*"
                    + "(\\[[^\\]]*\\]?|\"[^\"]*\"?|'[^']*'?)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LIST_SPLIT = Pattern.compile("\\s*(?:[,;\\n]|\\R)\\s*");
    private static final Pattern BULLET = Pattern.compile("^(?:[-*•]+|\\d+[.)])\\s*");

    private enum Kind { HIGH, LOW }

    /** The keywords in {@code answer}; {@link Keywords#NONE} when there are none. */
    public Keywords parse(String answer) {
        if (answer == null || answer.isBlank()) {
            return Keywords.NONE;
        }
        String text = FENCE.matcher(ThinkTags.remove(answer)).replaceAll("\n").strip();
        Keywords fromJson = fromJsonObject(text);
        if (fromJson != null && !fromJson.isEmpty()) {
            return fromJson;
        }
        return fromKeyValuePairs(text);
    }

    /** Tries each '{' from the first, with the last '}' after it, as a (lenient) JSON object. */
    private static Keywords fromJsonObject(String text) {
        int end = text.lastIndexOf('}');
        for (int start = text.indexOf('{'); start >= 0 && start < end; start = text.indexOf('{', start + 1)) {
            try {
                JsonNode node = LENIENT.readTree(text.substring(start, end + 1));
                if (node != null && node.isObject()) {
                    Keywords k = fromObject(node);
                    if (!k.isEmpty()) {
                        return k;
                    }
                }
            } catch (Exception e) {
                // not this brace; try the next one
            }
        }
        return null;
    }

    private static Keywords fromObject(JsonNode object) {
        List<String> high = new ArrayList<>();
        List<String> low = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Kind kind = kindOf(field.getKey());
            if (kind != null) {
                collect(field.getValue(), kind == Kind.HIGH ? high : low, true);
            } else if (field.getValue().isObject()) {
                Keywords nested = fromObject(field.getValue()); // e.g. {"keywords": {...}}
                high.addAll(nested.highLevel());
                low.addAll(nested.lowLevel());
            }
        }
        return new Keywords(high, low);
    }

    /** Which list a key names: high_level_keywords, "High-Level Keywords", hl_keywords, high_level, ... */
    private static Kind kindOf(String key) {
        String k = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        if (k.startsWith("highlevel") || k.equals("hlkeywords") || k.equals("hl")) {
            return Kind.HIGH;
        }
        if (k.startsWith("lowlevel") || k.equals("llkeywords") || k.equals("ll")) {
            return Kind.LOW;
        }
        return null;
    }

    /** A list's elements as they are; a whole value that is a string is split on commas and newlines. */
    private static void collect(JsonNode value, List<String> into, boolean whole) {
        if (value == null || value.isNull()) {
            return;
        }
        if (value.isArray()) {
            value.forEach(v -> collect(v, into, false));
        } else if (value.isTextual() && whole) {
            splitList(value.textValue(), into);
        } else if (value.isTextual()) {
            into.add(value.textValue());
        } else if (value.isNumber() || value.isBoolean()) {
            into.add(value.asText());
        }
    }

    private static void splitList(String text, List<String> into) {
        for (String part : LIST_SPLIT.split(text)) {
            String word = BULLET.matcher(part.strip()).replaceFirst("").strip();
            word = stripQuotes(word);
            if (!word.isEmpty()) {
                into.add(word);
            }
        }
    }

    private static String stripQuotes(String s) {
        String t = s.strip();
        while (t.length() >= 1 && (t.startsWith("\"") || t.startsWith("'"))) {
            t = t.substring(1);
        }
        while (t.length() >= 1 && (t.endsWith("\"") || t.endsWith("'"))) {
            t = t.substring(0, t.length() - 1);
        }
        return t.strip();
    }

    /** Salvage for broken JSON: each {@code key: [..]} or {@code key: "..."} found anywhere in the text. */
    private static Keywords fromKeyValuePairs(String text) {
        List<String> high = new ArrayList<>();
        List<String> low = new ArrayList<>();
        Matcher m = KEY_VALUE.matcher(text);
        while (m.find()) {
            Kind kind = kindOf(m.group(1));
            if (kind == null) {
                continue;
            }
            String value = m.group(2).strip();
            if (value.startsWith("[")) {
                value = value.substring(1, value.endsWith("]") ? value.length() - 1 : value.length());
            }
            splitList(value, kind == Kind.HIGH ? high : low);
        }
        return new Keywords(high, low);
    }
}
