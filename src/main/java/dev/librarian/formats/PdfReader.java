package dev.librarian.formats;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PDF's text layer (PDFBox), page by page: running headers, footers and page numbers dropped
 * ({@link PageFurniture}), headings and footnotes told by their type size ({@link PdfLayout}: a footnote moves after
 * its section), words hyphenated at line ends joined ({@link Hyphenation}); title, author and language from
 * the document information and catalog. Images are never decoded. A PDF with (almost) no text is a scan and fails
 * saying so; one that needs a password fails as encrypted.
 */
final class PdfReader {

    /** Fewer letters and digits than this per page on average: no text layer worth indexing. */
    private static final int MIN_CHARS_PER_PAGE = 10;

    private PdfReader() {
    }

    static Book read(byte[] bytes, String fileName) {
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            int pageCount = pdf.getNumberOfPages();
            SizedLines stripper = new SizedLines();
            List<List<String>> pages = new ArrayList<>();
            List<List<Float>> sizes = new ArrayList<>();
            long chars = 0;
            for (int page = 1; page <= pageCount; page++) {
                String text = stripper.page(pdf, page);
                chars += text.codePoints().filter(Character::isLetterOrDigit).count();
                pages.add(List.of(text.split("\n", -1)));
                sizes.add(stripper.sizes());
            }
            if (pageCount == 0 || chars < (long) MIN_CHARS_PER_PAGE * pageCount) {
                throw new UnreadableBookException("no text layer (scanned images?): " + fileName + " has "
                        + pageCount + " page(s) but " + chars + " characters of text; run OCR on it first");
            }
            String flow = PdfLayout.flow(PageFurniture.strip(PdfLayout.mark(pages, sizes)));
            TextBuilder text = new TextBuilder();
            for (String paragraph : Hyphenation.join(flow).split("\\n\\s*\\n")) {
                if (!paragraph.isEmpty() && paragraph.charAt(0) == PdfLayout.HEADING) {
                    text.heading(paragraph.substring(1));
                } else {
                    text.paragraph(paragraph);
                }
            }
            return new Book(text.text(), metadata(pdf));
        } catch (InvalidPasswordException e) {
            throw new UnreadableBookException("encrypted PDF: " + fileName
                    + " needs a password to open; save a copy without one to index it");
        } catch (IOException e) {
            throw new UnreadableBookException("corrupt PDF: " + fileName + " cannot be read ("
                    + BookArchive.reason(e) + ")");
        }
    }

    private static Map<String, Object> metadata(PDDocument pdf) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("format", "pdf");
        PDDocumentInformation info = pdf.getDocumentInformation();
        if (info != null) {
            HtmlReader.putIfPresent(metadata, "title", info.getTitle());
            HtmlReader.putIfPresent(metadata, "author", info.getAuthor());
        }
        HtmlReader.putIfPresent(metadata, "language", pdf.getDocumentCatalog().getLanguage());
        metadata.put("pages", pdf.getNumberOfPages());
        return metadata;
    }
}
