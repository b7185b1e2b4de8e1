package dev.librarian.model;

/**
 * One token window of a document, as stored in {@code kv_store_text_chunks.json}.
 *
 * @param id       {@code <docId>-chunk-NNN}
 * @param docId    the owning document
 * @param index    position of the window in the document (chunk_order_index)
 * @param tokens   window length in tokens, before whitespace was stripped
 * @param content  the stripped text of the window
 * @param filePath canonical file name of the document, or {@code unknown_source}
 */
public record Chunk(String id, String docId, int index, int tokens, String content, String filePath) {

    public static String idFor(String docId, int index) {
        return String.format("%s-chunk-%03d", docId, index);
    }
}
