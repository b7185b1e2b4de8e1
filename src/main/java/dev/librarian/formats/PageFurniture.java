package dev.librarian.formats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Drops running headers and footers from the lines of a paged document: a line among the first two or last two
 * lines of a page is furniture when the same line (numbers aside, so "Page 12" and "Page 13" match) stands in that
 * place on at least 40% of the pages, and on at least three. Page numbers alone count the same way.
 */
final class PageFurniture {

    private static final int EDGE = 2;
    private static final int MIN_PAGES = 3;
    private static final double SHARE = 0.4;
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private PageFurniture() {
    }

    /** The pages with their repeated header and footer lines removed (blank lines are kept). */
    static List<List<String>> strip(List<List<String>> pages) {
        if (pages.size() < MIN_PAGES) {
            return pages;
        }
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (int k = 0; k < 2 * EDGE; k++) {
            counts.add(new HashMap<>());
        }
        for (List<String> page : pages) {
            List<Integer> lines = nonBlank(page);
            for (int k = 0; k < 2 * EDGE; k++) {
                Integer at = edge(lines, k);
                if (at != null) {
                    counts.get(k).merge(key(page.get(at)), 1, Integer::sum);
                }
            }
        }
        int needed = Math.max(MIN_PAGES, (int) Math.ceil(pages.size() * SHARE));
        List<List<String>> result = new ArrayList<>();
        for (List<String> page : pages) {
            List<Integer> lines = nonBlank(page);
            Set<Integer> drop = new HashSet<>();
            for (int k = 0; k < 2 * EDGE; k++) {
                Integer at = edge(lines, k);
                if (at != null && counts.get(k).getOrDefault(key(page.get(at)), 0) >= needed) {
                    drop.add(at);
                }
            }
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < page.size(); i++) {
                if (!drop.contains(i)) {
                    kept.add(page.get(i));
                }
            }
            result.add(kept);
        }
        return result;
    }

    /** The line index at edge position {@code k}: 0, 1 from the top, 2, 3 from the bottom; null if too few lines. */
    private static Integer edge(List<Integer> lines, int k) {
        // a page of up to 2 lines has no body to frame: its lines are counted from the top only
        if (k < EDGE) {
            return k < lines.size() ? lines.get(k) : null;
        }
        int fromEnd = k - EDGE;
        int index = lines.size() - 1 - fromEnd;
        return index >= EDGE && index < lines.size() ? lines.get(index) : null;
    }

    private static List<Integer> nonBlank(List<String> page) {
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < page.size(); i++) {
            if (!page.get(i).isBlank()) {
                lines.add(i);
            }
        }
        return lines;
    }

    static String key(String line) {
        String s = DIGITS.matcher(line.strip().toLowerCase(Locale.ROOT)).replaceAll("#");
        return SPACES.matcher(s).replaceAll(" ");
    }
}
