package dev.librarian.graph;

import java.io.IOException;
import java.io.Writer;

/**
 * Escapes text the way the JDK's XML serialiser (behind jgrapht-io's GraphML exporter) does for UTF-8 output, so a
 * streamed file matches an exported one byte for byte: markup characters become entities, characters beyond the BMP
 * decimal character references, and so do carriage returns, C1 controls (U+007F to U+009F) in element content, and
 * tabs and line feeds in attribute values. Expects text already cleaned by {@link XmlText}.
 */
final class XmlEscapes {

    private XmlEscapes() {
    }

    /** Writes {@code s} as element content. */
    static void text(String s, Writer out) throws IOException {
        escape(s, out, false);
    }

    /** Writes {@code s} as a double-quoted attribute value (without the quotes). */
    static void attribute(String s, Writer out) throws IOException {
        escape(s, out, true);
    }

    private static void escape(String s, Writer out, boolean attribute) throws IOException {
        int n = s.length();
        int plainFrom = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> attribute ? "&quot;" : null;
                case '\n' -> attribute ? "&#10;" : null;
                case '\t' -> attribute ? "&#9;" : null;
                case '\r' -> "&#13;";
                default -> !attribute && c >= 0x7F && c <= 0x9F ? "&#" + (int) c + ";" : null;
            };
            boolean pair = replacement == null && Character.isHighSurrogate(c) && i + 1 < n
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (replacement == null && !pair) {
                continue;
            }
            out.write(s, plainFrom, i - plainFrom);
            if (pair) {
                out.write("&#" + Character.toCodePoint(c, s.charAt(i + 1)) + ";");
                i++;
            } else {
                out.write(replacement);
            }
            plainFrom = i + 1;
        }
        out.write(s, plainFrom, n - plainFrom);
    }
}
