package dev.librarian.query;

/**
 * One entry of a context's reference list: files numbered 1..n, most-used first.
 *
 * @param referenceId "1", "2", ...
 * @param filePath    the file
 */
public record Reference(String referenceId, String filePath) {
}
