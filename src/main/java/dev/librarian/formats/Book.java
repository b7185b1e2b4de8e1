package dev.librarian.formats;

import java.util.Map;

/**
 * The text of one file, read from its format, and what the format says about it.
 *
 * @param text     the text: paragraphs separated by blank lines, headings kept as lines of their own, footnotes after
 *                 the section that refers to them
 * @param metadata facts for the status record's {@code metadata}: {@code format}, and where the file has them
 *                 {@code title}, {@code author}, {@code language} (plain text: {@code charset}, {@code parse_warnings})
 */
public record Book(String text, Map<String, Object> metadata) {
}
