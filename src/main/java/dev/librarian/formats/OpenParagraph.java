package dev.librarian.formats;

import java.util.ArrayList;
import java.util.List;

/** A paragraph being read from DOCX or ODT XML: its text so far, whether it is a heading, the notes it cites. */
final class OpenParagraph {

    final StringBuilder text = new StringBuilder();
    final List<String> notes = new ArrayList<>();
    boolean heading;

    OpenParagraph(boolean heading) {
        this.heading = heading;
    }

    /** Writes the finished paragraph (a heading or not) and queues its notes for the end of the section. */
    void writeTo(TextBuilder out) {
        if (heading) {
            out.heading(text.toString());
        } else {
            out.paragraph(text.toString());
        }
        notes.forEach(out::footnote);
    }
}
