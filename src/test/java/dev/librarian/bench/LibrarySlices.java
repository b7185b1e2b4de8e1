package dev.librarian.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A library of documents of varied size cut from books: consecutive, non-overlapping slices of each book's body
 * (Project Gutenberg's header and licence left out, they repeat across books; a book whose text equals an earlier
 * one's is left out, the service would take it for a duplicate), sizes in UTF-8 bytes drawn uniformly
 * between {@code minBytes} and {@code maxBytes} with a fixed seed, taken from the books in turn, then shuffled with the same
 * seed. Deterministic for a given folder, count, size range and seed.
 */
final class LibrarySlices {

    /** One document: a made-up file name and its text. */
    record Document(String name, String text) {
        int bytes() {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private LibrarySlices() {
    }

    static List<Document> cut(Path dir, int count, int minBytes, int maxBytes, long seed) throws IOException {
        List<Path> books;
        try (Stream<Path> files = Files.list(dir)) {
            books = files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
        List<Path> distinct = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (Path book : books) {
            String body = body(Files.readString(book, StandardCharsets.UTF_8));
            if (!bodies.contains(body)) {
                distinct.add(book);
                bodies.add(body);
            }
        }
        books = distinct;
        int[] cursors = new int[bodies.size()];
        int[] parts = new int[bodies.size()];
        Random random = new Random(seed);
        List<Document> documents = new ArrayList<>();
        int book = 0;
        int exhausted = 0;
        while (documents.size() < count && exhausted < bodies.size()) {
            String body = bodies.get(book);
            int size = minBytes + random.nextInt(maxBytes - minBytes + 1);
            int end = cut(body, cursors[book], size);
            Document doc = new Document(books.get(book).getFileName().toString().replace(".txt", "")
                    + String.format(Locale.ROOT, "__part%03d.txt", parts[book] + 1),
                    body.substring(cursors[book], end).strip());
            cursors[book] = end;
            if (doc.bytes() >= minBytes) {
                parts[book]++;
                documents.add(doc);
                exhausted = 0;
            } else {
                exhausted++;
            }
            book = (book + 1) % bodies.size();
        }
        if (documents.size() < count) {
            throw new IllegalArgumentException("the books of " + dir + " give only " + documents.size()
                    + " documents of at least " + minBytes + " bytes");
        }
        Collections.shuffle(documents, new Random(seed));
        return documents;
    }

    /** End of a slice of about {@code size} UTF-8 bytes from {@code start}: the next line break, or the text's end. */
    private static int cut(String body, int start, int size) {
        int target = start;
        for (int bytes = 0; target < body.length() && bytes < size; target++) {
            char c = body.charAt(target);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        if (target == body.length()) {
            return target;
        }
        int lineBreak = body.indexOf('\n', target);
        return lineBreak < 0 || lineBreak - target > 2_000 ? target : lineBreak + 1;
    }

    /** The text between Project Gutenberg's START and END markers, or all of it without them. */
    static String body(String book) {
        int start = book.indexOf("*** START OF");
        int from = start < 0 ? 0 : book.indexOf('\n', start) + 1;
        int end = book.indexOf("*** END OF", from);
        return book.substring(from, end < 0 ? book.length() : end);
    }
}
