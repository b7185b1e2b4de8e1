package dev.librarian.intake;

import java.util.Map;

/**
 * A document that arrived by the inbox or over HTTP, decoded and sanitised, with LightRAG's ids.
 *
 * @param docId       {@code doc-} + md5 of the file name (or of the content when there is no name)
 * @param fileName    canonical file name or {@code unknown_source}
 * @param text        sanitised text
 * @param contentHash md5 of the text
 * @param trackId     the batch it arrived in
 * @param metadata    facts about the intake (source file, charset, ...) kept in the status record
 */
public record IncomingDocument(String docId, String fileName, String text, String contentHash, String trackId,
                               Map<String, Object> metadata) {

    /** The idempotency key: a document is a duplicate when the same id arrives with the same content. */
    public String idempotencyKey() {
        return docId + "#" + contentHash;
    }

    public static String docIdOf(String idempotencyKey) {
        int hash = idempotencyKey.indexOf('#');
        return hash < 0 ? idempotencyKey : idempotencyKey.substring(0, hash);
    }

    public static String contentHashOf(String idempotencyKey) {
        int hash = idempotencyKey.indexOf('#');
        return hash < 0 ? "" : idempotencyKey.substring(hash + 1);
    }
}
