package dev.librarian.intake;

import dev.librarian.formats.Book;
import dev.librarian.formats.BookReader;

import java.util.LinkedHashMap;
import java.util.Map;

/** Turns raw input (file bytes, posted text) into {@link IncomingDocument}s, or rejects it with a reason. */
public final class DocumentIntake {

    private final BookReader books;

    public DocumentIntake(BookReader books) {
        this.books = books;
    }

    /** An uploaded file: read by {@link BookReader} (its format, or text in its detected charset). */
    public IncomingDocument fromFile(byte[] bytes, String fileName, String trackId) {
        return fromBook(books.read(bytes, fileName), fileName, trackId);
    }

    /** A file the route's {@code bookReader} step has read: its text, and its facts in the status metadata. */
    public IncomingDocument fromBook(Book book, String fileName, String trackId) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("source_file", fileName);
        metadata.putAll(book.metadata());
        return build(book.text(), fileName, trackId, metadata);
    }

    /** Text posted over HTTP, with an optional file name. */
    public IncomingDocument fromText(String text, String fileSource, String trackId) {
        return build(text, fileSource, trackId, new LinkedHashMap<>());
    }

    private IncomingDocument build(String rawText, String name, String trackId, Map<String, Object> metadata) {
        String text = TextSanitizer.sanitize(rawText == null ? "" : rawText);
        String fileName = DocumentIds.canonicalFileName(name);
        if (text.isEmpty()) {
            throw new RejectedDocumentException("empty document: " + fileName + " contains no text");
        }
        metadata.put("process_options", "F");
        return new IncomingDocument(DocumentIds.docId(fileName, text), fileName, text,
                DocumentIds.contentHash(text), trackId, metadata);
    }
}
