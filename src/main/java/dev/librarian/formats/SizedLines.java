package dev.librarian.formats;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PDFBox's text of one page at a time, with the type size of each line: the size most of its characters have (a
 * drop cap or a raised note mark does not change it). Lines are separated by {@code \n}, paragraphs by a blank line.
 */
final class SizedLines extends PDFTextStripper {

    private final List<Float> sizes = new ArrayList<>();
    private final Map<Float, Integer> current = new HashMap<>();

    SizedLines() {
        setLineSeparator("\n");
        setParagraphEnd("\n");
    }

    /** The text of page {@code page} (1-based); {@link #sizes()} then holds the size of each of its non-blank lines. */
    String page(PDDocument pdf, int page) throws IOException {
        sizes.clear();
        current.clear();
        setStartPage(page);
        setEndPage(page);
        String text = getText(pdf);
        endLine();
        return text;
    }

    /** The sizes of the last page's non-blank lines, in order. */
    List<Float> sizes() {
        return List.copyOf(sizes);
    }

    @Override
    protected void writeString(String text, List<TextPosition> positions) throws IOException {
        super.writeString(text, positions);
        for (TextPosition p : positions) {
            if (!p.getUnicode().isBlank()) {
                current.merge(p.getFontSizeInPt(), 1, Integer::sum);
            }
        }
    }

    @Override
    protected void writeLineSeparator() throws IOException {
        endLine();
        super.writeLineSeparator();
    }

    @Override
    protected void writeParagraphEnd() throws IOException {
        endLine();
        super.writeParagraphEnd();
    }

    private void endLine() {
        current.entrySet().stream().max(Map.Entry.comparingByValue()).ifPresent(e -> sizes.add(e.getKey()));
        current.clear();
    }
}
