package dev.librarian.formats;

import dev.librarian.intake.BinaryKind;
import dev.librarian.intake.DecodedText;
import dev.librarian.intake.RejectedDocumentException;
import dev.librarian.intake.TextDecoder;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The intake step that turns a file's bytes into text, chosen by the file's extension: EPUB, FB2 (also zipped),
 * PDF, DOCX, ODT, RTF and HTML are read by their format's reader, anything else as plain text in its detected charset.
 * A file that cannot be read fails with the reason (corrupt, encrypted, no text layer, too large unpacked, binary).
 */
public final class BookReader {

    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0};

    private final ArchiveLimits limits;

    public BookReader(ArchiveLimits limits) {
        this.limits = limits;
    }

    /** The text and metadata of {@code fileName}'s {@code bytes}. */
    public Book read(byte[] bytes, String fileName) {
        if (bytes == null || bytes.length == 0) {
            throw new RejectedDocumentException("empty file: " + fileName + " has no content");
        }
        String format = formatOf(fileName);
        if (format.equals("text")) {
            return plainText(bytes, fileName);
        }
        try {
            return switch (format) {
                case "fb2" -> Fb2Reader.read(bytes, fileName);
                case "zip" -> zippedFb2(bytes, fileName);
                case "epub" -> EpubReader.read(bytes, fileName, limits);
                case "pdf" -> PdfReader.read(bytes, fileName);
                case "docx" -> docx(bytes, fileName);
                case "odt" -> OdtReader.read(bytes, fileName, limits);
                case "rtf" -> RtfReader.read(bytes, fileName);
                default -> HtmlReader.read(bytes, fileName);
            };
        } catch (RejectedDocumentException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new UnreadableBookException("corrupt " + format.toUpperCase(Locale.ROOT) + ": " + fileName
                    + " cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    /** {@code text}, or the reader's name: {@code fb2}, {@code zip}, {@code epub}, {@code pdf}, ... */
    static String formatOf(String fileName) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "fb2", "zip", "epub", "pdf", "docx", "odt", "rtf" -> ext;
            case "html", "htm", "xhtml" -> "html";
            default -> "text";
        };
    }

    private Book plainText(byte[] bytes, String fileName) {
        if (TextDecoder.looksBinary(bytes)) {
            String kind = BinaryKind.of(bytes).orElse("a binary file");
            throw new RejectedDocumentException("unsupported content: " + fileName + " is " + kind
                    + "; indexed are plain text, Markdown, EPUB, FB2 (.fb2, .fb2.zip), PDF, DOCX, ODT, RTF and HTML");
        }
        DecodedText decoded = TextDecoder.decode(bytes);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("charset", decoded.charset());
        if (decoded.hadInvalidBytes()) {
            metadata.put("parse_warnings", "invalid bytes for " + decoded.charset() + " were replaced with U+FFFD");
        }
        return new Book(decoded.text(), metadata);
    }

    /** A zipped FB2 ({@code book.fb2.zip}): the archive's one {@code .fb2} entry. */
    private Book zippedFb2(byte[] bytes, String fileName) {
        BookArchive zip = BookArchive.open(bytes, fileName, "ZIP archive", limits,
                name -> name.toLowerCase(Locale.ROOT).endsWith(".fb2"));
        String entry = zip.names().stream().filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".fb2")).findFirst()
                .orElseThrow(() -> new RejectedDocumentException("unsupported content: " + fileName
                        + " is a ZIP archive without an FB2 book in it; only zipped FB2 books (.fb2.zip) are read"));
        return Fb2Reader.read(zip.entry(entry).orElseThrow(), fileName);
    }

    private Book docx(byte[] bytes, String fileName) {
        if (bytes.length >= OLE2.length && Arrays.equals(bytes, 0, OLE2.length, OLE2, 0, OLE2.length)) {
            throw new UnreadableBookException("encrypted DOCX: " + fileName
                    + " is password-protected (or an old binary .doc); save it without a password as .docx");
        }
        return DocxReader.read(bytes, fileName, limits);
    }
}
