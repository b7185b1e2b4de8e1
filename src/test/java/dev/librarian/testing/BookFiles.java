package dev.librarian.testing;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a {@link SampleBook} as real files of each format, with the format's own means: PDFBox for PDF, ZIP + XML
 * for EPUB, DOCX, ODT and FB2.ZIP, plain strings for FB2, RTF and HTML.
 */
public final class BookFiles {

    private BookFiles() {
    }

    // ---------------------------------------------------------------- FB2

    public static byte[] fb2(SampleBook book, Charset charset) {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"").append(charset.name()).append("\"?>\n")
                .append("<FictionBook xmlns=\"http://www.gribuser.ru/xml/fictionbook/2.0\"")
                .append(" xmlns:l=\"http://www.w3.org/1999/xlink\">\n<description><title-info>")
                .append("<genre>prose_classic</genre><author>");
        String[] names = book.author().split(" ");
        x.append("<first-name>").append(esc(names[0])).append("</first-name>");
        if (names.length > 2) {
            x.append("<middle-name>").append(esc(names[1])).append("</middle-name>");
        }
        x.append("<last-name>").append(esc(names[names.length - 1])).append("</last-name></author>")
                .append("<book-title>").append(esc(book.title())).append("</book-title>")
                .append("<lang>").append(book.language()).append("</lang></title-info>")
                .append("<document-info><author><nickname>scanner</nickname></author></document-info>")
                .append("</description>\n<body><title><p>").append(esc(book.title())).append("</p></title>\n");
        boolean first = true;
        for (SampleBook.Chapter c : book.chapters()) {
            x.append("<section><title><p>").append(esc(c.heading())).append("</p></title>\n");
            for (String p : c.paragraphs()) {
                x.append("<p>").append(emphasise(esc(p), "emphasis"));
                if (first && book.note() != null) {
                    x.append("<a l:href=\"#n1\" type=\"note\">[1]</a>");
                }
                first = false;
                x.append("</p>\n");
            }
            x.append("</section>\n");
        }
        x.append("</body>\n");
        if (book.note() != null) {
            x.append("<body name=\"notes\"><section id=\"n1\"><title><p>1</p></title><p>")
                    .append(esc(book.note())).append("</p></section></body>\n");
        }
        x.append("<binary id=\"cover.jpg\" content-type=\"image/jpeg\">/9j/4AAQSkZJRgABAQ==</binary>\n")
                .append("</FictionBook>\n");
        return x.toString().getBytes(charset);
    }

    public static byte[] fb2zip(SampleBook book) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("book.fb2", fb2(book, StandardCharsets.UTF_8));
        return zip(entries, null);
    }

    // ---------------------------------------------------------------- EPUB

    public static byte[] epub(SampleBook book) {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("META-INF/container.xml", utf8("<?xml version=\"1.0\"?><container version=\"1.0\""
                + " xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>"
                + "<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>"
                + "</rootfiles></container>"));
        StringBuilder manifest = new StringBuilder();
        StringBuilder spine = new StringBuilder();
        for (int i = 0; i < book.chapters().size(); i++) {
            SampleBook.Chapter c = book.chapters().get(i);
            StringBuilder h = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n"
                    + "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">"
                    + "<head><title>" + esc(c.heading()) + "</title></head><body><section>\n<h2>"
                    + esc(c.heading()) + "</h2>\n");
            for (int p = 0; p < c.paragraphs().size(); p++) {
                h.append("<p>").append(emphasise(esc(c.paragraphs().get(p)), "em"));
                h.append("</p>\n");
                // the note right after the paragraph that cites it: the reader moves it after the chapter
                if (i == 0 && p == 0 && book.note() != null) {
                    h.insert(h.length() - "</p>\n".length(), "<a epub:type=\"noteref\" href=\"#n1\">[1]</a>");
                    h.append("<aside epub:type=\"footnote\" id=\"n1\"><p>").append(esc(book.note()))
                            .append("</p></aside>\n");
                }
            }
            h.append("</section></body></html>\n");
            e.put("OEBPS/text/ch" + (i + 1) + ".xhtml", utf8(h.toString()));
            manifest.append("<item id=\"ch").append(i + 1).append("\" href=\"text/ch").append(i + 1)
                    .append(".xhtml\" media-type=\"application/xhtml+xml\"/>");
            spine.append("<itemref idref=\"ch").append(i + 1).append("\"/>");
        }
        e.put("OEBPS/images/cover.png", new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        e.put("OEBPS/content.opf", utf8("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"id\">"
                + "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:identifier id=\"id\">urn:x</dc:identifier>"
                + "<dc:title>" + esc(book.title()) + "</dc:title><dc:creator>" + esc(book.author())
                + "</dc:creator><dc:language>" + book.language() + "</dc:language></metadata>"
                + "<manifest>" + manifest + "<item id=\"cover\" href=\"images/cover.png\" media-type=\"image/png\"/>"
                + "</manifest><spine>" + spine + "</spine></package>"));
        return zip(e, "application/epub+zip");
    }

    // ---------------------------------------------------------------- DOCX

    public static byte[] docx(SampleBook book) {
        String w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
        StringBuilder d = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<w:document xmlns:w=\"" + w + "\"><w:body>");
        d.append(docxParagraph("Title", book.title(), false));
        boolean first = true;
        for (SampleBook.Chapter c : book.chapters()) {
            d.append(docxParagraph("1", c.heading(), false));
            for (String p : c.paragraphs()) {
                d.append(docxParagraph(null, p, first && book.note() != null));
                first = false;
            }
        }
        d.append("</w:body></w:document>");
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("[Content_Types].xml", utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types"
                + " xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-"
                + "officedocument.wordprocessingml.document.main+xml\"/></Types>"));
        e.put("_rels/.rels", utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships"
                + " xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\""
                + " Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\""
                + " Target=\"word/document.xml\"/></Relationships>"));
        e.put("word/document.xml", utf8(d.toString()));
        // a Russian Word names its heading style "1" (the id is localised, the name is not)
        e.put("word/styles.xml", utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles xmlns:w=\"" + w + "\">"
                + "<w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/></w:style>"
                + "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/></w:style>"
                + "</w:styles>"));
        if (book.note() != null) {
            e.put("word/footnotes.xml", utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:footnotes xmlns:w=\""
                    + w + "\"><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p>"
                    + "</w:footnote><w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="
                    + "\"preserve\"> " + esc(book.note()) + "</w:t></w:r></w:p></w:footnote></w:footnotes>"));
        }
        e.put("docProps/core.xml", utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><cp:coreProperties"
                + " xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
                + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>" + esc(book.title()) + "</dc:title>"
                + "<dc:creator>" + esc(book.author()) + "</dc:creator><dc:language>" + book.language()
                + "</dc:language></cp:coreProperties>"));
        return zip(e, null);
    }

    private static String docxParagraph(String style, String text, boolean withNote) {
        StringBuilder p = new StringBuilder("<w:p>");
        if (style != null) {
            p.append("<w:pPr><w:pStyle w:val=\"").append(style).append("\"/><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/>")
                    .append("</w:tabs></w:pPr>");
        }
        // split into two runs, as Word does at every change of formatting
        int cut = text.indexOf(' ', text.length() / 2);
        if (cut > 0) {
            p.append(run(text.substring(0, cut + 1))).append("<w:r><w:rPr><w:i/></w:rPr>")
                    .append("<w:t xml:space=\"preserve\">").append(esc(text.substring(cut + 1))).append("</w:t></w:r>");
        } else {
            p.append(run(text));
        }
        // what Word keeps of a tracked deletion is not text
        p.append("<w:del w:id=\"9\" w:author=\"x\"><w:r><w:delText>удалено</w:delText></w:r></w:del>");
        if (withNote) {
            p.append("<w:r><w:footnoteReference w:id=\"1\"/></w:r>");
        }
        return p.append("</w:p>").toString();
    }

    private static String run(String text) {
        return "<w:r><w:t xml:space=\"preserve\">" + esc(text) + "</w:t></w:r>";
    }

    // ---------------------------------------------------------------- ODT

    public static byte[] odt(SampleBook book) {
        StringBuilder c = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content"
                + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.3\">"
                + "<office:body><office:text>");
        boolean first = true;
        for (SampleBook.Chapter ch : book.chapters()) {
            c.append("<text:h text:outline-level=\"1\">").append(esc(ch.heading())).append("</text:h>");
            for (String p : ch.paragraphs()) {
                int cut = p.indexOf(' ');
                c.append("<text:p>").append(esc(p.substring(0, cut))).append("<text:s/>")
                        .append("<text:span>").append(esc(p.substring(cut + 1))).append("</text:span>");
                if (first && book.note() != null) {
                    c.append("<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>")
                            .append("<text:note-body><text:p>").append(esc(book.note()))
                            .append("</text:p></text:note-body></text:note>");
                }
                first = false;
                c.append("<office:annotation><text:p>комментарий</text:p></office:annotation></text:p>");
            }
        }
        c.append("</office:text></office:body></office:document-content>");
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("META-INF/manifest.xml", utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest"
                + " xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"><manifest:file-entry"
                + " manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
                + "</manifest:manifest>"));
        e.put("content.xml", utf8(c.toString()));
        e.put("meta.xml", utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-meta"
                + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                + " xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\""
                + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><office:meta><dc:title>" + esc(book.title())
                + "</dc:title><meta:initial-creator>" + esc(book.author()) + "</meta:initial-creator><dc:language>"
                + book.language() + "</dc:language></office:meta></office:document-meta>"));
        return zip(e, "application/vnd.oasis.opendocument.text");
    }

    // ---------------------------------------------------------------- RTF

    /** RTF as Russian Word writes it: code page 1251 bytes as {@code \'hh}, a few characters as Unicode escapes. */
    public static byte[] rtf(SampleBook book) {
        StringBuilder r = new StringBuilder("{\\rtf1\\ansi\\ansicpg1251\\deff0\\deflang1049"
                + "{\\fonttbl{\\f0\\froman\\fcharset204 Times New Roman;}{\\f1\\fswiss\\fcharset0 Arial;}}"
                + "{\\colortbl;\\red0\\green0\\blue0;}"
                + "{\\stylesheet{\\s1\\outlinelevel0 heading 1;}}"
                + "{\\info{\\title " + rtfText(book.title()) + "}{\\author " + rtfText(book.author()) + "}"
                + "{\\operator someone}}"
                + "{\\header\\pard\\plain " + rtfText(book.title()) + "\\par}\n");
        boolean first = true;
        for (SampleBook.Chapter c : book.chapters()) {
            r.append("\\pard\\plain\\s1\\outlinelevel0\\f0\\fs32 ").append(rtfText(c.heading())).append("\\par\n");
            for (String p : c.paragraphs()) {
                r.append("\\pard\\plain\\f0\\fs24 ").append(rtfText(p));
                if (first && book.note() != null) {
                    r.append("{\\super\\chftn}{\\footnote\\pard\\plain{\\super\\chftn} ").append(rtfText(book.note()))
                            .append("}");
                }
                first = false;
                r.append("\\par\n");
            }
        }
        return r.append("}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String rtfText(String text) {
        Charset cp1251 = Charset.forName("windows-1251");
        StringBuilder out = new StringBuilder();
        for (char ch : text.toCharArray()) {
            if (ch == '\\' || ch == '{' || ch == '}') {
                out.append('\\').append(ch);
            } else if (ch < 128) {
                out.append(ch);
            } else if (cp1251.newEncoder().canEncode(ch) && ch != '–') {
                out.append(String.format("\\'%02x", String.valueOf(ch).getBytes(cp1251)[0] & 0xFF));
            } else {
                out.append("\\u").append((int) ch).append('?');
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- HTML

    public static byte[] html(SampleBook book, Charset charset) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"" + book.language() + "\"><head>"
                + "<meta charset=\"" + charset.name() + "\"><title>" + esc(book.title()) + "</title>"
                + "<meta name=\"author\" content=\"" + esc(book.author()) + "\">"
                + "<style>p { margin: 0 }</style><script>var x = '<p>not text</p>';</script></head><body>\n"
                + "<nav><a href=\"#c1\">Оглавление</a></nav>\n");
        boolean first = true;
        for (SampleBook.Chapter c : book.chapters()) {
            h.append("<h2>").append(esc(c.heading())).append("</h2>\n");
            for (String p : c.paragraphs()) {
                h.append("<p>\n  ").append(emphasise(esc(p), "em"));
                if (first && book.note() != null) {
                    h.append("<sup><a role=\"doc-noteref\" href=\"#n1\">[1]</a></sup>\n</p>\n")
                            .append("<aside role=\"doc-footnote\" id=\"n1\"><p>").append(esc(book.note()))
                            .append("</p></aside>\n");
                } else {
                    h.append("\n</p>\n");
                }
                first = false;
            }
        }
        return h.append("</body></html>\n").toString().getBytes(charset);
    }

    // ---------------------------------------------------------------- PDF

    /** A PDF with a running header (the title) and a page number on every page; paragraphs wrapped without hyphens. */
    public static byte[] pdf(SampleBook book) {
        List<String> lines = new ArrayList<>();
        for (SampleBook.Chapter c : book.chapters()) {
            lines.add(c.heading());
            lines.add("");
            for (String p : c.paragraphs()) {
                lines.addAll(wrap(p, 80));
                lines.add("");
            }
        }
        return pdfOfLines(book, lines);
    }

    /**
     * As {@link #pdf}, set as a book is: chapter headings in a larger type, and the note (marked {@code [1]} at the
     * end of the first paragraph) in a smaller type at the foot of the first page, while the chapter goes on.
     */
    public static byte[] pdfWithFootnote(SampleBook book) {
        List<String> lines = new ArrayList<>();
        Set<String> headings = new HashSet<>();
        boolean first = true;
        for (SampleBook.Chapter c : book.chapters()) {
            lines.add(c.heading());
            headings.add(c.heading());
            lines.add("");
            for (String p : c.paragraphs()) {
                List<String> wrapped = new ArrayList<>(wrap(p, 80));
                if (first) {
                    wrapped.set(wrapped.size() - 1, wrapped.get(wrapped.size() - 1) + " [1]");
                    first = false;
                }
                lines.addAll(wrapped);
                lines.add("");
            }
        }
        return pdfOf(book, lines, headings, book.note());
    }

    /** A PDF of the given lines as they are (a blank string is a blank line). */
    public static byte[] pdfOfLines(SampleBook book, List<String> lines) {
        return pdfOf(book, lines, Set.of(), null);
    }

    private static byte[] pdfOf(SampleBook book, List<String> lines, Set<String> headings, String noteOnPageOne) {
        try (PDDocument doc = new PDDocument(); InputStream ttf = PDDocument.class.getResourceAsStream(
                "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf")) {
            PDFont font = PDType0Font.load(doc, ttf);
            int perPage = 15;
            for (int from = 0, page = 1; from < lines.size(); from += perPage, page++) {
                PDPage pdPage = new PDPage(PDRectangle.A4);
                doc.addPage(pdPage);
                try (PDPageContentStream s = new PDPageContentStream(doc, pdPage)) {
                    writeLine(s, font, 9, 60, 800, book.title());
                    float y = 760;
                    for (String line : lines.subList(from, Math.min(lines.size(), from + perPage))) {
                        writeLine(s, font, headings.contains(line) ? 16 : 11, 60, y, line);
                        y -= 16;
                    }
                    if (page == 1 && noteOnPageOne != null) {
                        float noteY = 90;
                        for (String line : wrap("1 " + noteOnPageOne, 100)) {
                            writeLine(s, font, 8, 60, noteY, line);
                            noteY -= 10;
                        }
                    }
                    writeLine(s, font, 9, 290, 40, "– " + page + " –");
                }
            }
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(book.title());
            info.setAuthor(book.author());
            doc.getDocumentCatalog().setLanguage(book.language());
            return save(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A scan: every page an image, no text layer. */
    public static byte[] scannedPdf(int pages) {
        try (PDDocument doc = new PDDocument()) {
            BufferedImage image = new BufferedImage(200, 280, BufferedImage.TYPE_BYTE_GRAY);
            java.awt.Graphics2D g = image.createGraphics();
            g.fillRect(0, 0, 200, 280);
            g.dispose();
            for (int i = 0; i < pages; i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                PDImageXObject img = LosslessFactory.createFromImage(doc, image);
                try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                    s.drawImage(img, 50, 50, 495, 742);
                }
            }
            return save(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The book as a PDF that needs a user password to open. */
    public static byte[] encryptedPdf(SampleBook book) {
        try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf(book))) {
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret",
                    new AccessPermission());
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            return save(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] save(PDDocument doc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.save(out);
        return out.toByteArray();
    }

    private static void writeLine(PDPageContentStream s, PDFont font, float size, float x, float y, String text)
            throws IOException {
        if (text.isEmpty()) {
            return;
        }
        s.beginText();
        s.setFont(font, size);
        s.newLineAtOffset(x, y);
        s.showText(text);
        s.endText();
    }

    public static List<String> wrap(String paragraph, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : paragraph.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    // ---------------------------------------------------------------- ZIP

    /** A ZIP of the entries; {@code mimetype}, when given, is the first entry, stored, as EPUB and ODT want. */
    public static byte[] zip(Map<String, byte[]> entries, String mimetype) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            if (mimetype != null) {
                byte[] m = mimetype.getBytes(StandardCharsets.US_ASCII);
                ZipEntry entry = new ZipEntry("mimetype");
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(m.length);
                CRC32 crc = new CRC32();
                crc.update(m);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(m);
                zip.closeEntry();
            }
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Puts the second word of a paragraph in italics, so readers must join inline markup. */
    private static String emphasise(String escaped, String tag) {
        String[] words = escaped.split(" ", 3);
        if (words.length < 3) {
            return escaped;
        }
        return words[0] + " <" + tag + ">" + words[1] + "</" + tag + "> " + words[2];
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
