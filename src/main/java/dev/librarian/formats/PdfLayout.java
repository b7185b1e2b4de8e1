package dev.librarian.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What type sizes tell of a PDF's lines: a line in a clearly larger type than the body's is a heading; a block in a
 * smaller type at the foot of a page that begins with a note mark ({@code 1}, {@code [1]}, {@code *}, {@code ¹}) is a
 * footnote. Lines are marked before the running headers and footers are dropped ({@link PageFurniture}), and then
 * laid out in reading order: each heading a paragraph of its own, each footnote moved after the section that cites
 * it (before the next heading after its citation, or after its page's, or at the end).
 */
final class PdfLayout {

    /** Starts a heading line and paragraph. */
    static final char HEADING = '\u0002';
    private static final char SMALL = '\u0001';
    private static final double LARGER = 1.15;
    private static final double SMALLER = 0.85;
    private static final int MAX_HEADING_CHARS = 120;
    private static final Pattern NOTE_MARK = Pattern.compile("^(\\[?\\d{1,3}[\\]).]?|\\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\\s.*");

    private PdfLayout() {
    }

    /**
     * The pages' lines, headings and small-type lines marked; {@code sizes} holds each page's non-blank line sizes,
     * a page whose sizes do not match its lines is left unmarked.
     */
    static List<List<String>> mark(List<List<String>> pages, List<List<Float>> sizes) {
        float body = median(sizes);
        List<List<String>> marked = new ArrayList<>();
        for (int p = 0; p < pages.size(); p++) {
            List<String> lines = pages.get(p);
            List<Float> pageSizes = sizes.get(p);
            long nonBlank = lines.stream().filter(l -> !l.isBlank()).count();
            if (body <= 0 || nonBlank != pageSizes.size()) {
                marked.add(lines);
                continue;
            }
            List<String> out = new ArrayList<>();
            int k = 0;
            for (String line : lines) {
                if (line.isBlank()) {
                    out.add(line);
                    continue;
                }
                float size = pageSizes.get(k++);
                if (size > body * LARGER && line.strip().length() <= MAX_HEADING_CHARS) {
                    out.add(HEADING + line);
                } else if (size < body * SMALLER) {
                    out.add(SMALL + line);
                } else {
                    out.add(line);
                }
            }
            marked.add(out);
        }
        return marked;
    }

    /** The pages as one text: footnotes after their section, headings between blank lines, no marks left. */
    static String flow(List<List<String>> pages) {
        StringBuilder text = new StringBuilder();
        List<String> pending = new ArrayList<>();
        for (List<String> page : pages) {
            List<String> lines = new ArrayList<>(page);
            List<String> notes = footnotes(lines);
            int[] cited = new int[notes.size()];
            for (int n = 0; n < notes.size(); n++) {
                cited[n] = citedAt(lines, notes.get(n));
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!line.isEmpty() && line.charAt(0) == HEADING) {
                    text.append("\n\n");
                    pending.forEach(note -> text.append(note).append("\n\n"));
                    pending.clear();
                    text.append(line).append("\n\n");
                } else {
                    text.append(unmarked(line)).append('\n');
                }
                for (int n = 0; n < notes.size(); n++) {
                    if (cited[n] == i) {
                        pending.add(notes.get(n));
                    }
                }
            }
            for (int n = 0; n < notes.size(); n++) {
                if (cited[n] < 0) {
                    pending.add(notes.get(n));
                }
            }
        }
        pending.forEach(note -> text.append("\n\n").append(note));
        return text.toString();
    }

    /** The last line of the page that cites {@code note} ("[1]", or "1" right after a word), or -1. */
    private static int citedAt(List<String> lines, String note) {
        String mark = note.split("\\s", 2)[0].replaceAll("[\\[\\].)]", "");
        Pattern citation = Pattern.compile("\\[" + Pattern.quote(mark) + "]|(?<=[\\p{L}\\p{P}])"
                + Pattern.quote(mark) + "(?![\\p{N}])");
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (citation.matcher(unmarked(lines.get(i))).find()) {
                return i;
            }
        }
        return -1;
    }

    /** Removes the footnotes at the foot of {@code lines} and returns them, one string per note. */
    private static List<String> footnotes(List<String> lines) {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) {
            end--;
        }
        int start = end;
        while (start > 0 && (lines.get(start - 1).isBlank() || isSmall(lines.get(start - 1)))) {
            start--;
        }
        while (start < end && lines.get(start).isBlank()) {
            start++;
        }
        if (start == end || start == 0 || !NOTE_MARK.matcher(unmarked(lines.get(start)).strip()).matches()) {
            return List.of();
        }
        List<String> notes = new ArrayList<>();
        for (String line : lines.subList(start, end)) {
            String l = unmarked(line).strip();
            if (l.isEmpty()) {
                continue;
            }
            if (notes.isEmpty() || NOTE_MARK.matcher(l).matches()) {
                notes.add(l);
            } else {
                notes.set(notes.size() - 1, notes.get(notes.size() - 1) + "\n" + l);
            }
        }
        lines.subList(start, lines.size()).clear();
        return notes.stream().map(Hyphenation::join).map(n -> n.replace('\n', ' ')).toList();
    }

    private static boolean isSmall(String line) {
        return !line.isEmpty() && line.charAt(0) == SMALL;
    }

    private static String unmarked(String line) {
        return isSmall(line) ? line.substring(1) : line;
    }

    private static float median(List<List<Float>> sizes) {
        List<Float> all = new ArrayList<>();
        sizes.forEach(all::addAll);
        if (all.isEmpty()) {
            return 0;
        }
        all.sort(null);
        return all.get(all.size() / 2);
    }
}
