package dev.librarian.formats;

import dev.librarian.intake.RejectedDocumentException;
import dev.librarian.testing.BookFiles;
import dev.librarian.testing.SampleBook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static dev.librarian.testing.SampleBook.assertSameText;
import static dev.librarian.testing.SampleBook.squeeze;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each format read from a real file written by {@link BookFiles}: the text, its structure, its metadata, its failures. */
class BookReaderTest {

    private static final SampleBook BOOK = SampleBook.chekhov(3, 3);
    private static final String NOTE = "Флигель — небольшая пристройка к дому.";
    private final BookReader reader = new BookReader(ArchiveLimits.DEFAULT);

    @Test
    void should_read_fb2_with_its_title_author_and_language() {
        Book book = reader.read(BookFiles.fb2(BOOK, StandardCharsets.UTF_8), "palata.fb2");

        assertSameText(BOOK.title() + " " + BOOK.text(), book.text(), book.metadata().toString());
        assertMetadata(book, "fb2");
        assertFalse(book.text().contains("scanner"), "document-info's author is not the book's");
    }

    @Test
    void should_read_a_windows_1251_fb2_by_its_declaration() {
        Book book = reader.read(BookFiles.fb2(BOOK, Charset.forName("windows-1251")), "palata-cp1251.fb2");

        assertSameText(BOOK.title() + " " + BOOK.text(), book.text(), book.metadata().toString());
    }

    @Test
    void should_read_a_zipped_fb2() {
        Book book = reader.read(BookFiles.fb2zip(BOOK), "palata.fb2.zip");

        assertSameText(BOOK.title() + " " + BOOK.text(), book.text(), book.metadata().toString());
        assertMetadata(book, "fb2");
    }

    @Test
    void should_read_epub_in_spine_order() {
        Book book = reader.read(BookFiles.epub(BOOK), "palata.epub");

        assertSameText(BOOK.text(), book.text(), book.metadata().toString());
        assertMetadata(book, "epub");
    }

    @Test
    void should_read_docx_with_headings_and_without_deleted_text() {
        Book book = reader.read(BookFiles.docx(BOOK), "palata.docx");

        assertSameText(BOOK.title() + " " + BOOK.text(), book.text(), book.metadata().toString());
        assertMetadata(book, "docx");
        assertTrue(book.text().contains("\n\nГлава 2\n\n"), "a heading is a paragraph of its own");
    }

    @Test
    void should_read_odt_without_comments() {
        Book book = reader.read(BookFiles.odt(BOOK), "palata.odt");

        assertSameText(BOOK.text(), book.text(), book.metadata().toString());
        assertMetadata(book, "odt");
    }

    @Test
    void should_read_rtf_in_code_page_1251_without_headers_and_tables() {
        Book book = reader.read(BookFiles.rtf(BOOK), "palata.rtf");

        assertSameText(BOOK.text(), book.text(), book.metadata().toString());
        assertMetadata(book, "rtf");
    }

    @Test
    void should_read_html_without_scripts_styles_and_navigation() {
        Book book = reader.read(BookFiles.html(BOOK, StandardCharsets.UTF_8), "palata.html");

        assertSameText(BOOK.text(), book.text(), book.metadata().toString());
        assertMetadata(book, "html");
    }

    @Test
    void should_read_a_windows_1251_html_page() {
        Book book = reader.read(BookFiles.html(BOOK, Charset.forName("windows-1251")), "palata.htm");

        assertSameText(BOOK.text(), book.text(), book.metadata().toString());
    }

    @Test
    void should_read_the_text_layer_of_a_pdf_without_its_running_header_and_page_numbers() {
        Book book = reader.read(BookFiles.pdf(BOOK), "palata.pdf");

        assertSameText(BOOK.text(), book.text(), book.metadata().toString());
        assertMetadata(book, "pdf");
        // every page of the file has the title above and "– n –" below the text
        assertTrue((Integer) book.metadata().get("pages") >= 3, "the header recurs on pages enough to be dropped");
        assertFalse(book.text().contains(BOOK.title()), "the running header is dropped: " + book.text());
        assertFalse(book.text().matches("(?s).*– \\d+ –.*"), "the page numbers are dropped: " + book.text());
    }

    @Test
    void should_keep_headings_as_paragraphs_of_their_own_in_every_format() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("h.fb2", BookFiles.fb2(BOOK, StandardCharsets.UTF_8));
        files.put("h.fb2.zip", BookFiles.fb2zip(BOOK));
        files.put("h.epub", BookFiles.epub(BOOK));
        files.put("h.pdf", BookFiles.pdf(BOOK));
        files.put("h.docx", BookFiles.docx(BOOK));
        files.put("h.odt", BookFiles.odt(BOOK));
        files.put("h.rtf", BookFiles.rtf(BOOK));
        files.put("h.html", BookFiles.html(BOOK, StandardCharsets.UTF_8));
        String lastOfChapter1 = BOOK.chapters().get(0).paragraphs().get(2);
        String firstOfChapter2 = BOOK.chapters().get(1).paragraphs().get(0);
        files.forEach((name, bytes) -> {
            String text = reader.read(bytes, name).text();
            assertTrue(text.matches("(?s)(.*\\n\\n)?Глава 1\\n\\n.*"), name + ": the first heading stands alone: " + text);
            int heading = text.indexOf("\n\nГлава 2\n\n");
            assertTrue(heading > 0, name + ": the second heading is a paragraph of its own: " + text);
            assertTrue(squeeze(text.substring(0, heading)).endsWith(squeeze(lastOfChapter1)),
                    name + ": after the first chapter's text");
            assertTrue(squeeze(text.substring(heading)).startsWith("Глава 2 " + squeeze(firstOfChapter2).substring(0, 40)),
                    name + ": before the second chapter's text");
        });
    }

    @Test
    void should_join_words_hyphenated_at_pdf_line_ends() {
        List<String> lines = List.of("Глава 1", "", "В больничном дворе стоит неболь-", "шой флигель, окруженный це-",
                "лым лесом репейника. Северо-", "Западный край.");
        Book book = reader.read(BookFiles.pdfOfLines(BOOK, lines), "hyphens.pdf");

        assertTrue(squeeze(book.text()).contains("Глава 1 В больничном дворе стоит небольшой флигель, окруженный "
                + "целым лесом репейника. Северо- Западный край."), book.text());
    }

    @Test
    void should_put_footnotes_after_their_chapter_in_every_format() {
        SampleBook noted = BOOK.withNote(NOTE);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("n.fb2", BookFiles.fb2(noted, StandardCharsets.UTF_8));
        files.put("n.epub", BookFiles.epub(noted));
        files.put("n.docx", BookFiles.docx(noted));
        files.put("n.odt", BookFiles.odt(noted));
        files.put("n.rtf", BookFiles.rtf(noted));
        files.put("n.html", BookFiles.html(noted, StandardCharsets.UTF_8));
        files.put("n.pdf", BookFiles.pdfWithFootnote(noted));
        String lastOfChapter1 = squeeze(noted.chapters().get(0).paragraphs().get(2));
        String firstParagraph = squeeze(noted.chapters().get(0).paragraphs().get(0));
        String secondParagraph = squeeze(noted.chapters().get(0).paragraphs().get(1));
        files.forEach((name, bytes) -> {
            String text = squeeze(reader.read(bytes, name).text());
            int note = text.indexOf(NOTE);
            assertTrue(note > text.indexOf(lastOfChapter1), name + ": the note follows its chapter: " + text);
            assertTrue(note < text.indexOf("Глава 2"), name + ": and comes before the next one");
            String between = text.substring(text.indexOf(firstParagraph) + firstParagraph.length(),
                    text.indexOf(secondParagraph));
            assertTrue(between.strip().matches("\\[1]"), name + ": only the marker stays in the text: " + between);
        });
    }

    @Test
    void should_fail_a_scanned_pdf_as_having_no_text_layer() {
        RejectedDocumentException e = assertThrows(RejectedDocumentException.class,
                () -> reader.read(BookFiles.scannedPdf(3), "scan.pdf"));

        assertTrue(e.getMessage().startsWith("no text layer (scanned images?)"), e.getMessage());
    }

    @Test
    void should_fail_a_password_protected_pdf_as_encrypted() {
        RejectedDocumentException e = assertThrows(RejectedDocumentException.class,
                () -> reader.read(BookFiles.encryptedPdf(BOOK), "secret.pdf"));

        assertTrue(e.getMessage().startsWith("encrypted PDF"), e.getMessage());
    }

    @Test
    void should_fail_a_truncated_epub_with_the_reason() {
        byte[] epub = BookFiles.epub(BOOK);
        RejectedDocumentException e = assertThrows(RejectedDocumentException.class,
                () -> reader.read(Arrays.copyOf(epub, epub.length / 2), "broken.epub"));

        assertTrue(e.getMessage().startsWith("corrupt archive: broken.epub"), e.getMessage());
    }

    @Test
    void should_fail_a_drm_protected_epub() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/container.xml", "<container/>".getBytes(StandardCharsets.UTF_8));
        entries.put("META-INF/encryption.xml", ("<encryption xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\""
                + " xmlns:enc=\"http://www.w3.org/2001/04/xmlenc#\"><enc:EncryptedData><enc:EncryptionMethod"
                + " Algorithm=\"http://www.w3.org/2001/04/xmlenc#aes128-cbc\"/></enc:EncryptedData></encryption>")
                .getBytes(StandardCharsets.UTF_8));
        RejectedDocumentException e = assertThrows(RejectedDocumentException.class,
                () -> reader.read(BookFiles.zip(entries, "application/epub+zip"), "drm.epub"));

        assertTrue(e.getMessage().startsWith("encrypted (DRM-protected) EPUB"), e.getMessage());
    }

    @Test
    void should_fail_an_adobe_drm_epub_but_read_one_with_obfuscated_fonts_only() {
        Map<String, byte[]> adobe = entries(BookFiles.epub(BOOK));
        adobe.put("META-INF/rights.xml", "<rights/>".getBytes(StandardCharsets.UTF_8));
        RejectedDocumentException e = assertThrows(RejectedDocumentException.class,
                () -> reader.read(BookFiles.zip(adobe, "application/epub+zip"), "adobe.epub"));
        assertTrue(e.getMessage().startsWith("encrypted (DRM-protected) EPUB"), e.getMessage());

        Map<String, byte[]> fonts = entries(BookFiles.epub(BOOK));
        fonts.put("META-INF/encryption.xml", ("<encryption xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\""
                + " xmlns:enc=\"http://www.w3.org/2001/04/xmlenc#\"><enc:EncryptedData><enc:EncryptionMethod"
                + " Algorithm=\"http://www.idpf.org/2008/embedding\"/><enc:CipherData><enc:CipherReference"
                + " URI=\"OEBPS/fonts/a.otf\"/></enc:CipherData></enc:EncryptedData></encryption>")
                .getBytes(StandardCharsets.UTF_8));
        Book book = reader.read(BookFiles.zip(fonts, "application/epub+zip"), "fonts.epub");
        assertSameText(BOOK.text(), book.text(), "an EPUB whose fonts only are obfuscated is read");
    }

    @Test
    void should_fail_a_password_protected_odt_as_encrypted() {
        Map<String, byte[]> odt = entries(BookFiles.odt(BOOK));
        odt.put("META-INF/manifest.xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest"
                + " xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"><manifest:file-entry"
                + " manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"><manifest:encryption-data"
                + " manifest:checksum-type=\"SHA1/1K\" manifest:checksum=\"x\"><manifest:algorithm"
                + " manifest:algorithm-name=\"Blowfish CFB\" manifest:initialisation-vector=\"x\"/>"
                + "</manifest:encryption-data></manifest:file-entry></manifest:manifest>")
                .getBytes(StandardCharsets.UTF_8));
        RejectedDocumentException e = assertThrows(RejectedDocumentException.class,
                () -> reader.read(BookFiles.zip(odt, "application/vnd.oasis.opendocument.text"), "secret.odt"));
        assertTrue(e.getMessage().startsWith("encrypted ODT: secret.odt"), e.getMessage());
    }

    @Test
    void should_fail_a_password_protected_docx_as_encrypted() {
        byte[] ole = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0};
        RejectedDocumentException e = assertThrows(RejectedDocumentException.class,
                () -> reader.read(ole, "secret.docx"));

        assertTrue(e.getMessage().startsWith("encrypted DOCX"), e.getMessage());
    }

    @Test
    void should_stop_unpacking_a_zip_bomb() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("OEBPS/bomb.xhtml", new byte[20 << 20]);
        RejectedDocumentException ratio = assertThrows(RejectedDocumentException.class,
                () -> reader.read(BookFiles.zip(entries, "application/epub+zip"), "bomb.epub"));
        assertTrue(ratio.getMessage().contains("times its size"), ratio.getMessage());

        BookReader small = new BookReader(new ArchiveLimits(5, 1 << 20, 100_000));
        RejectedDocumentException size = assertThrows(RejectedDocumentException.class,
                () -> small.read(BookFiles.zip(entries, null), "bomb.docx"));
        assertTrue(size.getMessage().contains("more than 1048576 bytes"), size.getMessage());

        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            many.put("e" + i + ".xml", new byte[1]);
        }
        RejectedDocumentException count = assertThrows(RejectedDocumentException.class,
                () -> small.read(BookFiles.zip(many, null), "many.odt"));
        assertTrue(count.getMessage().contains("more than 5 entries"), count.getMessage());
    }

    @Test
    void should_read_books_with_huge_embedded_images_to_their_text_alone() {
        byte[] image = new byte[24 << 20];
        new Random(6).nextBytes(image);
        String fb2 = new String(BookFiles.fb2(BOOK, StandardCharsets.UTF_8), StandardCharsets.UTF_8).replace(
                "</FictionBook>", "<binary id=\"big.jpg\" content-type=\"image/jpeg\">"
                        + Base64.getMimeEncoder().encodeToString(image) + "</binary></FictionBook>");
        Book fromFb2 = reader.read(fb2.getBytes(StandardCharsets.UTF_8), "big.fb2");
        assertSameText(BOOK.title() + " " + BOOK.text(), fromFb2.text(), "FB2 with a 32 MB binary");

        Map<String, byte[]> withImage = entries(BookFiles.epub(BOOK));
        withImage.put("OEBPS/images/big.jpg", image);
        Book fromEpub = reader.read(BookFiles.zip(withImage, "application/epub+zip"), "big.epub");
        assertSameText(BOOK.text(), fromEpub.text(), "EPUB with a 24 MB image");
    }

    @Test
    void should_fail_a_corrupt_fb2_and_a_zip_without_a_book_with_reasons() {
        RejectedDocumentException xml = assertThrows(RejectedDocumentException.class,
                () -> reader.read("<FictionBook><body><p>oops</body>".getBytes(StandardCharsets.UTF_8), "bad.fb2"));
        assertTrue(xml.getMessage().startsWith("corrupt FB2: bad.fb2 is not well-formed XML"), xml.getMessage());

        RejectedDocumentException zip = assertThrows(RejectedDocumentException.class,
                () -> reader.read(BookFiles.zip(Map.of("a.txt", new byte[]{'a'}), null), "photos.zip"));
        assertTrue(zip.getMessage().startsWith("unsupported content: photos.zip is a ZIP archive without an FB2"),
                zip.getMessage());
    }

    @Test
    void should_read_plain_text_as_before() {
        Book book = reader.read("Иван Петрович".getBytes(Charset.forName("windows-1251")), "note.txt");

        assertEquals("Иван Петрович", book.text());
        assertEquals("windows-1251", book.metadata().get("charset"));
    }

    /** The entries of a ZIP written by {@link BookFiles#zip}, without its {@code mimetype}, to be changed. */
    private static Map<String, byte[]> entries(byte[] zip) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.getName().equals("mimetype")) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static void assertMetadata(Book book, String format) {
        assertEquals(format, book.metadata().get("format"), book.metadata().toString());
        assertEquals(BOOK.title(), book.metadata().get("title"), format);
        assertEquals(BOOK.author(), book.metadata().get("author"), format);
        assertEquals("ru", book.metadata().get("language"), format);
    }
}
