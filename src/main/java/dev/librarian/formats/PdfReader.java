package dev.librarian.formats;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PDF's text layer (PDFBox), page by page: running headers, footers and page numbers dropped
 * ({@link PageFurniture}), words hyphenated at line ends joined ({@link Hyphenation}); title, author and language from
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
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setLineSeparator("\n");
            stripper.setParagraphEnd("\n");
            List<List<String>> pages = new ArrayList<>();
            long chars = 0;
            for (int page = 1; page <= pageCount; page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                String text = stripper.getText(pdf);
                chars += text.codePoints().filter(Character::isLetterOrDigit).count();
                pages.add(List.of(text.split("\n", -1)));
            }
            if (pageCount == 0 || chars < (long) MIN_CHARS_PER_PAGE * pageCount) {
                throw new UnreadableBookException("no text layer (scanned images?): " + fileName + " has "
                        + pageCount + " page(s) but " + chars + " characters of text; run OCR on it first");
            }
            StringBuilder all = new StringBuilder();
            for (List<String> page : PageFurniture.strip(pages)) {
                all.append(String.join("\n", page)).append('\n');
            }
            TextBuilder text = new TextBuilder();
            for (String paragraph : Hyphenation.join(all.toString()).split("\\n\\s*\\n")) {
                text.paragraph(paragraph);
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
