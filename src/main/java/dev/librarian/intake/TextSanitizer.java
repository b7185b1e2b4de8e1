package dev.librarian.intake;

/**
 * LightRAG's text clean-up before ids are computed and text is stored: strip, drop lone surrogates, U+FFFE/U+FFFF
 * and control characters (C0 except tab, newline and carriage return, plus DEL), unescape HTML references, drop
 * controls again (now including C1, which numeric references can produce) and strip again.
 */
public final class TextSanitizer {

    private TextSanitizer() {
    }

    /** The sanitized text; null stays null. */
    public static String sanitize(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = Whitespace.strip(text);
        if (s.isEmpty()) {
            return s;
        }
        s = withoutBadCodeUnits(s);
        s = HtmlEntities.unescape(s);
        s = withoutControlsOrC1(s);
        return Whitespace.strip(s);
    }

    /**
     * The text with each lone surrogate (an unpaired UTF-16 half, which has no UTF-8 form) replaced by U+FFFD: text
     * sent to Ollama must be valid Unicode, or Ollama drops the connection. Other text is returned as it is.
     */
    public static String wellFormed(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                if (out != null) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(n).append(s, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /**
     * Removes the controls {@link HtmlEntities#unescape} may have produced, C1 (U+0080–U+009F) included, and any
     * left in the text: C0 but tab, newline and carriage return, and DEL.
     */
    static String withoutControlsOrC1(String s) {
        StringBuilder out = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean control = isC0OrDel(c) || (c >= 0x80 && c <= 0x9F);
            if (control && out == null) {
                out = new StringBuilder(n);
                out.append(s, 0, i);
            } else if (!control && out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /**
     * Removes lone surrogates (unpaired UTF-16 halves), the non-characters U+FFFE and U+FFFF, and C0 controls but tab,
     * newline and carriage return, and DEL, in one pass that copies only when something goes (a book's text usually
     * has nothing to remove).
     */
    static String withoutBadCodeUnits(String s) {
        StringBuilder out = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean bad;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (out != null) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            bad = Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF' || isC0OrDel(c);
            if (bad && out == null) {
                out = new StringBuilder(n);
                out.append(s, 0, i);
            } else if (!bad && out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    private static boolean isC0OrDel(char c) {
        return c < 0x20 ? c != '\t' && c != '\n' && c != '\r' : c == 0x7F;
    }
}
