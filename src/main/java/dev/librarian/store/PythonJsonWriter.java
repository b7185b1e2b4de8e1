package dev.librarian.store;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Iterator;
import java.util.Map;

/**
 * Serialises a Jackson tree byte-for-byte the way Python's {@code json.dump(obj, ensure_ascii=False)} does, either
 * with {@code indent=2} or with the default {@code ", "} / {@code ": "} separators. Non-ASCII text is written raw,
 * control characters are escaped with lower-case &#92;u00xx, and lone surrogates (which Python would refuse to
 * encode) are written as &#92;udxxx escapes so the output stays valid UTF-8.
 */
final class PythonJsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Appendable out;
    private final boolean indent;

    private PythonJsonWriter(Appendable out, boolean indent) {
        this.out = out;
        this.indent = indent;
    }

    /** Writes {@code node}; {@code indent} selects the {@code indent=2} layout. */
    static void write(JsonNode node, Appendable out, boolean indent) throws IOException {
        new PythonJsonWriter(out, indent).value(node, 0);
    }

    /**
     * Writes {@code node} as it would appear nested {@code level} deep in an indented document (its inner lines
     * indented from there), so a caller can stream the members of a big top-level object one at a time.
     */
    static void write(JsonNode node, Appendable out, boolean indent, int level) throws IOException {
        new PythonJsonWriter(out, indent).value(node, level);
    }

    /** Writes {@code s} as a JSON string literal, escaped as everywhere else in this writer. */
    static void writeString(String s, Appendable out) throws IOException {
        new PythonJsonWriter(out, false).string(s);
    }

    private void value(JsonNode node, int level) throws IOException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            object(node, level);
        } else if (node.isArray()) {
            array(node, level);
        } else if (node.isTextual()) {
            string(node.textValue());
        } else if (node.isBoolean()) {
            out.append(node.booleanValue() ? "true" : "false");
        } else if (node.isFloat()) {
            floating(Double.parseDouble(Float.toString(node.floatValue())));
        } else if (node.isDouble()) {
            floating(node.doubleValue());
        } else if (node.isNumber()) {
            out.append(node.numberValue().toString());
        } else if (node.isBinary()) {
            string(node.asText());
        } else {
            // POJO nodes and other exotic leaves: let Jackson turn them into a plain tree first
            value(LightRagJson.mapper().valueToTree(node), level);
        }
    }

    private void object(JsonNode node, int level) throws IOException {
        if (node.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        boolean first = true;
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            separator(first, level + 1);
            first = false;
            string(field.getKey());
            out.append(": ");
            value(field.getValue(), level + 1);
        }
        close(level, '}');
    }

    private void array(JsonNode node, int level) throws IOException {
        if (node.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        boolean first = true;
        for (JsonNode element : node) {
            separator(first, level + 1);
            first = false;
            value(element, level + 1);
        }
        close(level, ']');
    }

    private void separator(boolean first, int level) throws IOException {
        if (indent) {
            if (!first) {
                out.append(',');
            }
            newline(level);
        } else if (!first) {
            out.append(", ");
        }
    }

    private void close(int level, char bracket) throws IOException {
        if (indent) {
            newline(level);
        }
        out.append(bracket);
    }

    private void newline(int level) throws IOException {
        out.append('\n');
        for (int i = 0; i < level; i++) {
            out.append("  ");
        }
    }

    private void floating(double d) throws IOException {
        if (Double.isNaN(d)) {
            out.append("NaN");
        } else if (Double.isInfinite(d)) {
            out.append(d > 0 ? "Infinity" : "-Infinity");
        } else {
            out.append(pythonRepr(d));
        }
    }

    /**
     * Python's {@code repr(float)}: the shortest round-tripping digits, positional when the decimal exponent is in
     * [-4, 16), otherwise {@code d.ddde+XX}; e.g. {@code 1.5}, {@code 100.0}, {@code 1e-05}, {@code 1e+20}.
     */
    static String pythonRepr(double d) {
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = shortest(Math.abs(d));
        String digits = exact.unscaledValue().toString();
        int exponent = digits.length() - 1 - exact.scale();
        StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
        if (exponent >= -4 && exponent < 16) {
            if (exponent < 0) {
                sb.append("0.").append("0".repeat(-exponent - 1)).append(digits);
            } else if (digits.length() <= exponent + 1) {
                sb.append(digits).append("0".repeat(exponent + 1 - digits.length())).append(".0");
            } else {
                sb.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exponent < 0 ? '-' : '+');
            int magnitude = Math.abs(exponent);
            sb.append(magnitude < 10 ? "0" : "").append(magnitude);
        }
        return sb.toString();
    }

    /** The decimal with the fewest significant digits that reads back as {@code d}, nearest to it among those. */
    private static BigDecimal shortest(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == d) {
                return rounded.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    private void string(String s) throws IOException {
        out.append('"');
        int n = s.length();
        // characters that need no escape go out in runs: one call per run, not per character
        int run = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String escape = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                default -> null;
            };
            if (escape == null && c >= 0x20 && !Character.isSurrogate(c)) {
                continue;
            }
            if (escape == null && Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            appendRun(s, run, i);
            if (escape != null) {
                out.append(escape);
            } else {
                unicodeEscape(c);
            }
            run = i + 1;
        }
        appendRun(s, run, n);
        out.append('"');
    }

    private void appendRun(String s, int from, int to) throws IOException {
        if (from == to) {
            return;
        }
        if (out instanceof Writer writer) {
            writer.write(s, from, to - from);
        } else {
            out.append(s, from, to);
        }
    }

    private void unicodeEscape(char c) throws IOException {
        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }

    /** {@link #write} into a String (never throws: StringBuilder does not fail). */
    static String toString(JsonNode node, boolean indent) {
        StringBuilder sb = new StringBuilder();
        try {
            write(node, sb, indent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }
}
