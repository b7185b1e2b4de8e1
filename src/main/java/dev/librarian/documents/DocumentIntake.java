package dev.librarian.documents;

import dev.librarian.intake.BinaryKind;
import dev.librarian.intake.DecodedText;
import dev.librarian.intake.DocumentIds;
import dev.librarian.intake.TextDecoder;
import dev.librarian.intake.TextSanitizer;

import java.util.LinkedHashMap;
import java.util.Map;

/** Turns raw input (file bytes, posted text) into {@link IncomingDocument}s, or rejects it with a reason. */
public final class DocumentIntake {

    /** A file dropped into the inbox: decoded with its detected charset. */
    public IncomingDocument fromFile(byte[] bytes, String fileName, String trackId) {
        if (bytes == null || bytes.length == 0) {
            throw new RejectedDocumentException("empty file: " + fileName + " has no content");
        }
        if (TextDecoder.looksBinary(bytes)) {
            String kind = BinaryKind.of(bytes).orElse("a binary file");
            throw new RejectedDocumentException("unsupported content: " + fileName + " is " + kind
                    + "; only plain text and Markdown are indexed");
        }
        DecodedText decoded = TextDecoder.decode(bytes);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("source_file", fileName);
        metadata.put("charset", decoded.charset());
        if (decoded.hadInvalidBytes()) {
            metadata.put("parse_warnings", "invalid bytes for " + decoded.charset() + " were replaced with U+FFFD");
        }
        return build(decoded.text(), fileName, trackId, metadata);
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
