package dev.librarian.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects a book's blocks in reading order: paragraphs and headings separated by blank lines (runs of spaces and tabs
 * become one space; no-break spaces stay); footnotes wait until the
 * section that refers to them ends (the next heading, or the end of the book), so they never cut a sentence.
 */
final class TextBuilder {

    private static final Pattern SPACES = Pattern.compile("[ \\t]+");
    private static final Pattern AROUND_NEWLINE = Pattern.compile(" *\\n *");

    private final StringBuilder out = new StringBuilder();
    private final List<String> pendingNotes = new ArrayList<>();

    /** A heading: the notes of the section before it come first. */
    TextBuilder heading(String text) {
        flushNotes();
        return paragraph(text);
    }

    /** A paragraph; blank ones are dropped, runs of spaces become one. */
    TextBuilder paragraph(String text) {
        String p = clean(text);
        if (!p.isEmpty()) {
            if (out.length() > 0) {
                out.append("\n\n");
            }
            out.append(p);
        }
        return this;
    }

    /** A footnote, written after the current section. */
    TextBuilder footnote(String text) {
        String p = clean(text);
        if (!p.isEmpty()) {
            pendingNotes.add(p);
        }
        return this;
    }

    /** Ends a section (chapter, spine item): its footnotes are written now. */
    TextBuilder endSection() {
        flushNotes();
        return this;
    }

    private void flushNotes() {
        List<String> notes = List.copyOf(pendingNotes);
        pendingNotes.clear();
        notes.forEach(this::paragraph);
    }

    /** The text with every waiting footnote written. */
    String text() {
        flushNotes();
        return out.toString();
    }

    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String s = SPACES.matcher(text.replace('\r', '\n')).replaceAll(" ");
        return AROUND_NEWLINE.matcher(s).replaceAll("\n").strip();
    }
}
