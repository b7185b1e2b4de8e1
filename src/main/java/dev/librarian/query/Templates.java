package dev.librarian.query;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills {@code {name}} placeholders in one pass, so inserted text (documents, queries) is never re-scanned. */
final class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    private Templates() {
    }

    /** {@code template} with each {@code {name}} that {@code values} knows replaced; unknown ones stay. */
    static String fill(String template, Map<String, String> values) {
        int size = template.length();
        for (String value : values.values()) {
            size += value.length();
        }
        StringBuilder out = new StringBuilder(size);
        Matcher m = PLACEHOLDER.matcher(template);
        int copied = 0;
        while (m.find()) {
            String value = values.get(m.group(1));
            // appended as they are: Matcher.appendReplacement would escape and then re-parse every value
            out.append(template, copied, m.start()).append(value == null ? m.group() : value);
            copied = m.end();
        }
        return out.append(template, copied, template.length()).toString();
    }
}
