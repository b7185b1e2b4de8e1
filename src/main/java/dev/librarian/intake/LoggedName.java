package dev.librarian.intake;

/**
 * A file name as it may appear in the log: control characters (newline, carriage return, NUL, escape, …) and line
 * separators are written as escapes, so a file named {@code "x\nINFO forged"} cannot write a line of its own.
 */
public final class LoggedName {

    private LoggedName() {
    }

    public static String of(String name) {
        if (name == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
