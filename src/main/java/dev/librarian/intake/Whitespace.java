package dev.librarian.intake;

/**
 * Python-compatible whitespace: {@link #strip(String)} removes exactly what Python's {@code str.strip()} removes
 * (Java's {@link String#strip()} keeps NBSP, U+2007, U+202F and U+0085, Python removes them). LightRAG strips
 * chunk contents, documents and extracted fields this way.
 */
public final class Whitespace {

    private Whitespace() {
    }

    /** Python's {@code str.isspace()} for one code point. */
    public static boolean isSpace(int c) {
        return Character.isWhitespace(c) || c == 0x85 || c == 0xA0 || c == 0x2007 || c == 0x202F;
    }

    /** Python's {@code str.strip()}; null stays null. */
    public static String strip(String s) {
        if (s == null) {
            return null;
        }
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }
}
