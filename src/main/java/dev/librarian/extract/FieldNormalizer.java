package dev.librarian.extract;

import dev.librarian.intake.Whitespace;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Cleans the fields of an extraction row the way LightRAG does: HTML paragraph and line-break tags removed,
 * full-width ASCII folded, spaces around CJK characters removed, one pair of matching outer quotes stripped
 * (ASCII, typographic, «», „“, 《》, backticks and angle brackets), trimmed.
 * Names additionally lose NBSPs and are rejected when they are short numbers; types are reduced to one lower-case
 * token without spaces.
 */
final class FieldNormalizer {

    /** LightRAG's limit on entity names, in characters. */
    static final int MAX_NAME_CHARS = 256;
    /** LightRAG's limit on entity names, in UTF-8 bytes. */
    static final int MAX_NAME_BYTES = 512;

    private static final Pattern HTML_BREAKS = Pattern.compile("(?i)</?p\\s*/?>|<br\\s*/?>");
    private static final Pattern CJK_GAP = Pattern.compile(
            "(?<=[\\u3040-\\u30ff\\u3400-\\u9fff\\uac00-\\ud7af])\\s+(?=[\\u3040-\\u30ff\\u3400-\\u9fff\\uac00-\\ud7af])");
    private static final Pattern CJK_ASCII_GAP = Pattern.compile(
            "(?<=[\\u3400-\\u9fff])\\s+(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])\\s+(?=[\\u3400-\\u9fff])");
    private static final Pattern SHORT_NUMBER = Pattern.compile("\\d{1,2}");
    private static final Pattern SHORT_DOTTED_NUMBER = Pattern.compile("[\\d.]{1,5}");
    private static final Pattern INVALID_TYPE_CHARS = Pattern.compile("['()<>|/\\\\]");
    private static final String[][] QUOTE_PAIRS = {
            {"\"", "\""}, {"'", "'"}, {"\u201C", "\u201D"}, {"\u2018", "\u2019"}, {"\u300A", "\u300B"},
            {"\u00AB", "\u00BB"}, {"\u201E", "\u201C"}, {"`", "`"}, {"<", ">"},
    };

    private FieldNormalizer() {
    }

    /** General clean-up of a description, keyword list or raw field; never null. */
    static String text(String raw) {
        if (raw == null) {
            return "";
        }
        String s = HTML_BREAKS.matcher(raw).replaceAll("");
        s = foldFullWidth(s);
        s = Whitespace.strip(s);
        s = CJK_GAP.matcher(s).replaceAll("");
        s = CJK_ASCII_GAP.matcher(s).replaceAll("");
        return Whitespace.strip(stripOuterQuotes(s));
    }

    /**
     * An entity name, or "" when it is unusable (empty, a number of one or two digits, a dotted number of at most
     * five characters). Long names are cut to 256 characters and 512 UTF-8 bytes on a code point boundary.
     */
    static String name(String raw) {
        String s = text(raw).replace('\u00A0', ' ');
        s = Whitespace.strip(s);
        if (SHORT_NUMBER.matcher(s).matches() || (s.contains(".") && SHORT_DOTTED_NUMBER.matcher(s).matches())) {
            return "";
        }
        return truncate(s);
    }

    /**
     * An entity type: first non-empty comma-separated token, lower-case, all spaces removed; "" when empty or when
     * it contains one of {@code ' ( ) < > | / \}.
     */
    static String type(String raw) {
        String s = text(raw);
        if (s.indexOf(',') >= 0 || s.indexOf('\uFF0C') >= 0) {
            String first = "";
            for (String token : s.split("[,\uFF0C]")) {
                String t = Whitespace.strip(token);
                if (!t.isEmpty()) {
                    first = t;
                    break;
                }
            }
            s = text(first);
        }
        if (s.isEmpty() || INVALID_TYPE_CHARS.matcher(s).find()) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        s.toLowerCase(java.util.Locale.ROOT).codePoints()
                .filter(c -> !Whitespace.isSpace(c))
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    /** A keyword list: cleaned, with full-width commas turned into ASCII commas. */
    static String keywords(String raw) {
        return text(raw).replace('\uFF0C', ',');
    }

    /** Folds full-width ASCII (U+FF01–U+FF5E) and the ideographic space to their ASCII forms. */
    static String foldFullWidth(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char folded = c >= '\uFF01' && c <= '\uFF5E' ? (char) (c - 0xFEE0) : c == '\u3000' ? ' ' : c;
            if (folded != c && out == null) {
                out = new StringBuilder(s.length());
                out.append(s, 0, i);
            }
            if (out != null) {
                out.append(folded);
            }
        }
        return out == null ? s : out.toString();
    }

    /** Removes one pair of matching outer quotes, unless the same quotes occur inside too. */
    private static String stripOuterQuotes(String s) {
        for (String[] pair : QUOTE_PAIRS) {
            if (s.length() >= pair[0].length() + pair[1].length() && s.startsWith(pair[0]) && s.endsWith(pair[1])) {
                String inner = s.substring(pair[0].length(), s.length() - pair[1].length());
                // "a" and "b" is quoted twice, not once: keep it whole
                return inner.contains(pair[0]) || inner.contains(pair[1]) ? s : inner;
            }
        }
        return s;
    }

    private static String truncate(String s) {
        if (s.length() <= MAX_NAME_CHARS && s.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
            return s;
        }
        int end = 0;
        int chars = 0;
        int bytes = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int cpBytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (chars + 1 > MAX_NAME_CHARS || bytes + cpBytes > MAX_NAME_BYTES) {
                break;
            }
            chars++;
            bytes += cpBytes;
            end += Character.charCount(cp);
        }
        return Whitespace.strip(s.substring(0, end));
    }
}
