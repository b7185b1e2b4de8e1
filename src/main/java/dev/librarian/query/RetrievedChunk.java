package dev.librarian.query;

/**
 * A document chunk in the context.
 *
 * @param chunkId     the chunk's id in {@code kv_store_text_chunks.json}
 * @param content     its text
 * @param filePath    the file it comes from ({@code unknown_source} when unknown)
 * @param referenceId its entry in the reference list, or {@code ""} for an unknown file
 */
public record RetrievedChunk(String chunkId, String content, String filePath, String referenceId) {
}
