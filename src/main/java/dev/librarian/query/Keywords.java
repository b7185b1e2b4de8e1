package dev.librarian.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The two keyword lists of a query (§8): high-level (themes, searched against relations) and low-level (names and
 * specifics, searched against entities). Entries are stripped, blank ones dropped and duplicates removed.
 *
 * @param highLevel high-level keywords, in order
 * @param lowLevel  low-level keywords, in order
 */
public record Keywords(List<String> highLevel, List<String> lowLevel) {

    /** Queries shorter than this fall back to the query itself as the one low-level keyword. */
    public static final int FALLBACK_MAX_QUERY_LENGTH = 50;

    public static final Keywords NONE = new Keywords(List.of(), List.of());

    public Keywords {
        highLevel = clean(highLevel);
        lowLevel = clean(lowLevel);
    }

    private static List<String> clean(List<String> words) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (words != null) {
            for (String w : words) {
                if (w != null && !w.isBlank()) {
                    out.add(w.strip());
                }
            }
        }
        return List.copyOf(new ArrayList<>(out));
    }

    public boolean isEmpty() {
        return highLevel.isEmpty() && lowLevel.isEmpty();
    }

    /** High-level keywords joined with {@code ", "} (the text that is embedded), or {@code ""}. */
    public String highLevelText() {
        return String.join(", ", highLevel);
    }

    /** Low-level keywords joined with {@code ", "} (the text that is embedded), or {@code ""}. */
    public String lowLevelText() {
        return String.join(", ", lowLevel);
    }

    /**
     * LightRAG's fallback: when both lists are empty and the query is shorter than 50 characters, the query becomes
     * the single low-level keyword. Otherwise this is returned unchanged (still empty for a long query, which then
     * gets the no-context answer).
     */
    public Keywords withQueryFallback(String query) {
        Objects.requireNonNull(query, "query");
        if (isEmpty() && !query.isBlank() && query.length() < FALLBACK_MAX_QUERY_LENGTH) {
            return new Keywords(List.of(), List.of(query));
        }
        return this;
    }
}
