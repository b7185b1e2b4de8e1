package dev.librarian.deletion;

import java.util.Set;

/**
 * One document claimed for deletion, with what has to go besides its index entries.
 *
 * @param docId      the document
 * @param fileName   its file name (file_path)
 * @param contentHash its text's hash: only an original with this text is its file
 * @param cacheKeys  LLM cache entries to remove with it (empty unless delete_llm_cache; never one another
 *                   document's chunk still lists)
 * @param deleteFile whether the original file is removed too
 */
public record DeletionJob(String docId, String fileName, String contentHash, Set<String> cacheKeys, boolean deleteFile) {
}
