package dev.librarian.graph;

/**
 * Makes text storable in XML 1.0: drops the code points XML forbids (C0 controls other than tab, LF and CR, lone
 * surrogates, U+FFFE and U+FFFF), which a GraphML reader would otherwise reject as a malformed file.
 */
final class XmlText {

    private XmlText() {
    }

    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
            boolean legal = pair || (c >= 0x20 && !Character.isSurrogate(c) && c != 0xFFFE && c != 0xFFFF)
                    || c == '\t' || c == '\n' || c == '\r';
            if (!legal && out == null) {
                out = new StringBuilder(n).append(s, 0, i);
            }
            if (legal && out != null) {
                out.append(c);
                if (pair) {
                    out.append(s.charAt(i + 1));
                }
            }
            if (pair) {
                i++;
            }
        }
        return out == null ? s : out.toString();
    }
}
