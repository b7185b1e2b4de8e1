package dev.librarian.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real public-domain Russian books (RusLit collection) kept with the tests in {@code src/test/resources/corpus}, for
 * tests that need real text.
 */
public final class Corpus {

    public static final Path DIR = Path.of("src", "test", "resources", "corpus");
    public static final Path CHEKHOV = DIR.resolve("chekhov_palata_6_ru.txt");
    public static final Path TURGENEV = DIR.resolve("turgenev_ottsy_i_deti_ru.txt");

    private Corpus() {
    }

    public static String read(Path book) {
        try {
            return Files.readString(book, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** About {@code chars} characters of the book from {@code from}, cut at a line end. */
    public static String excerpt(Path book, int from, int chars) {
        String text = read(book);
        int end = text.indexOf('\n', Math.min(text.length() - 1, from + chars));
        return text.substring(from, end < 0 ? text.length() : end).strip();
    }
}
