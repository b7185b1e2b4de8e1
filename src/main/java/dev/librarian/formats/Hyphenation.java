package dev.librarian.formats;

import java.util.regex.Pattern;

/**
 * Joins words a paged layout broke at a line end: a letter, a hyphen (or soft hyphen) ending the line, and a
 * lower-case letter starting the next ("знамени-\nтый" → "знаменитый"). A hyphen before a capital or a digit stays,
 * and so does a line break after a dash.
 */
final class Hyphenation {

    private static final Pattern BROKEN = Pattern.compile("(\\p{L})[-\\u00AD\\u2010][ \\t]*\\n\\s*(\\p{Ll})");
    private static final Pattern SOFT_HYPHEN = Pattern.compile("\\u00AD");

    private Hyphenation() {
    }

    static String join(String text) {
        String joined = BROKEN.matcher(text).replaceAll("$1$2");
        return SOFT_HYPHEN.matcher(joined).replaceAll("");
    }
}
