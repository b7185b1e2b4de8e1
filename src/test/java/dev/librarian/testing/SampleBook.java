package dev.librarian.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A small book made of public-domain text (Chekhov's "Palata No 6" from the test corpus), from which the tests write
 * real EPUB, FB2, PDF, DOCX, ODT, RTF and HTML files ({@link BookFiles}).
 *
 * @param title    the book's title
 * @param author   its author
 * @param language BCP 47 language
 * @param chapters its chapters in order
 * @param note     a footnote to the first paragraph of the first chapter, or null
 */
public record SampleBook(String title, String author, String language, List<Chapter> chapters, String note) {

    /** A chapter: its heading and paragraphs. */
    public record Chapter(String heading, List<String> paragraphs) {
    }

    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\u00A0\\u2007\\u202F]+");

    /** Two chapters of {@code paragraphs} paragraphs each from "Palata No 6", starting at paragraph {@code from}. */
    public static SampleBook chekhov(int from, int paragraphs) {
        List<String> lines = Corpus.read(Corpus.CHEKHOV).lines().map(String::strip)
                .filter(l -> l.length() > 80).toList();
        List<Chapter> chapters = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            int start = from + c * paragraphs;
            chapters.add(new Chapter("Глава " + (c + 1), lines.subList(start, start + paragraphs)));
        }
        return new SampleBook("Палата № 6", "Антон Павлович Чехов", "ru", chapters, null);
    }

    public SampleBook withNote(String text) {
        return new SampleBook(title, author, language, chapters, text);
    }

    public SampleBook withTitle(String newTitle) {
        return new SampleBook(newTitle, author, language, chapters, note);
    }

    /** Headings and paragraphs in reading order, without the note. */
    public String text() {
        StringBuilder s = new StringBuilder();
        for (Chapter c : chapters) {
            s.append(c.heading()).append("\n\n");
            c.paragraphs().forEach(p -> s.append(p).append("\n\n"));
        }
        return s.toString().strip();
    }

    /** Fails with the first difference (and its code points) unless the texts are equal modulo whitespace. */
    public static void assertSameText(String expected, String actual, String what) {
        String e = squeeze(expected);
        String a = squeeze(actual);
        if (e.equals(a)) {
            return;
        }
        int i = 0;
        while (i < Math.min(e.length(), a.length()) && e.charAt(i) == a.charAt(i)) {
            i++;
        }
        throw new AssertionError(what + ": texts differ at " + i + " of " + e.length() + "/" + a.length()
                + ": expected …" + around(e, i) + "… but was …" + around(a, i) + "…");
    }

    private static String around(String s, int i) {
        String part = s.substring(Math.max(0, i - 30), Math.min(s.length(), i + 30));
        int c = i < s.length() ? s.charAt(i) : -1;
        return part + "… (U+" + Integer.toHexString(c) + ")";
    }

    /** The text with runs of whitespace as one space, for comparisons "modulo whitespace". */
    public static String squeeze(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").strip();
    }
}
