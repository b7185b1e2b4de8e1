package dev.librarian.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits an LLM answer into candidate records: one per line, with lines cut at the completion marker, at old-style
 * {@code ##} record separators ({@code (...)##(...)}) and in front of every further {@code entity<|#|>} /
 * {@code relation<|#|>} label on the same line (after a delimiter or after whitespace). Delimiters must already be
 * repaired.
 */
final class RecordSplitter {

    private static final Pattern LINES = Pattern.compile("(?i)\\r\\n|\\r|\\n|<\\|?\\s*complete\\s*\\|?>?");
    private static final Pattern OLD_RECORD_SEPARATOR = Pattern.compile("(?<=\\))\\s*##\\s*");
    private static final Pattern BEFORE_LABEL = Pattern.compile(
            "(?i)(?:<\\|#\\|>\\s*|(?<=\\s))(?=\\(?\"?(?:entity|relationship|relation)\"?\\s*<\\|#\\|>)");

    private RecordSplitter() {
    }

    /** The raw lines of an answer, split on line breaks and completion markers, trimmed, empty ones removed. */
    static List<String> lines(String answer) {
        List<String> out = new ArrayList<>();
        for (String line : LINES.split(answer)) {
            String s = line.strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** The records on one line whose delimiters are already repaired. */
    static List<String> records(String repairedLine) {
        List<String> out = new ArrayList<>();
        for (String oldStyle : OLD_RECORD_SEPARATOR.split(repairedLine)) {
            for (String record : BEFORE_LABEL.split(oldStyle)) {
                String s = record.strip();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }
}
