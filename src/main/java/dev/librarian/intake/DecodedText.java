package dev.librarian.intake;

/**
 * Text decoded from a file's bytes.
 *
 * @param text            the decoded text, without a byte order mark
 * @param charset         Java's name of the charset used, e.g. {@code UTF-8}, {@code UTF-16LE}, {@code windows-1251}, {@code KOI8-R}
 * @param hadInvalidBytes true when some bytes were not valid in that charset and were replaced by U+FFFD
 */
public record DecodedText(String text, String charset, boolean hadInvalidBytes) {
}
