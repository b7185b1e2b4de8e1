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
        s = removeBadCodeUnits(s);
        s = withoutControls(s, false);
        s = HtmlEntities.unescape(s);
        s = withoutControls(s, true);
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
     * Removes C0 controls except tab, newline and carriage return, DEL, and with {@code c1} also U+0080–U+009F. One
     * pass that copies only when something goes: a book's text usually has nothing to remove.
     */
    static String withoutControls(String s, boolean c1) {
        StringBuilder out = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 ? c != '\t' && c != '\n' && c != '\r'
                    : c == 0x7F || (c1 && c >= 0x80 && c <= 0x9F);
            if (control && out == null) {
                out = new StringBuilder(n);
                out.append(s, 0, i);
            } else if (!control && out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** Removes lone surrogates (unpaired UTF-16 halves) and the non-characters U+FFFE and U+FFFF. */
    static String removeBadCodeUnits(String s) {
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
            bad = Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF';
            if (bad && out == null) {
                out = new StringBuilder(n);
                out.append(s, 0, i);
            } else if (!bad && out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
