package dev.librarian.formats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The entries of a ZIP-based book, unpacked in memory within {@link ArchiveLimits}. Every entry is inflated (so a
 * bomb is caught wherever it hides) but only the wanted ones are kept; images and fonts are never kept.
 */
final class BookArchive {

    private static final long RATIO_FLOOR = 1L << 20;

    private final Map<String, byte[]> entries;
    private final List<String> names;

    private BookArchive(Map<String, byte[]> entries, List<String> names) {
        this.entries = entries;
        this.names = names;
    }

    /** Unpacks {@code zip}; {@code kind} names the format in messages ("EPUB"). */
    static BookArchive open(byte[] zip, String fileName, String kind, ArchiveLimits limits, Predicate<String> wanted) {
        Map<String, byte[]> kept = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        long unpacked = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                names.add(entry.getName());
                if (names.size() > limits.maxEntries()) {
                    throw bomb(fileName, kind, "more than " + limits.maxEntries() + " entries");
                }
                boolean keep = !entry.isDirectory() && wanted.test(entry.getName());
                ByteArrayOutputStream out = keep ? new ByteArrayOutputStream() : null;
                int n;
                while ((n = in.read(buffer)) > 0) {
                    unpacked += n;
                    if (unpacked > limits.maxUnpackedBytes()) {
                        throw bomb(fileName, kind, "it unpacks to more than " + limits.maxUnpackedBytes() + " bytes");
                    }
                    if (unpacked > RATIO_FLOOR && unpacked / Math.max(1, zip.length) > limits.maxRatio()) {
                        throw bomb(fileName, kind, "it unpacks to more than " + limits.maxRatio()
                                + " times its size");
                    }
                    if (out != null) {
                        out.write(buffer, 0, n);
                    }
                }
                if (out != null) {
                    kept.put(entry.getName(), out.toByteArray());
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UnreadableBookException("corrupt archive: " + fileName + " is not a readable " + kind + " ("
                    + reason(e) + ")");
        }
        if (names.isEmpty()) {
            throw new UnreadableBookException("corrupt archive: " + fileName + " is not a readable " + kind
                    + " (no ZIP entries found)");
        }
        return new BookArchive(kept, names);
    }

    private static UnreadableBookException bomb(String fileName, String kind, String why) {
        return new UnreadableBookException("archive too large: " + fileName + " (" + kind + ") was not unpacked: "
                + why + " (a zip bomb?)");
    }

    static String reason(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** True when the archive has an entry of that name (kept or not). */
    boolean has(String name) {
        return names.contains(name);
    }

    /** A kept entry. */
    Optional<byte[]> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** A kept entry the format cannot do without. */
    byte[] required(String name, String fileName, String kind) {
        return entry(name).orElseThrow(() -> new UnreadableBookException("corrupt archive: " + fileName
                + " is not a readable " + kind + " (" + name + " is missing)"));
    }

    /** Names of all entries, in archive order. */
    List<String> names() {
        return names;
    }

    /** True for entries that hold text or structure (XML, HTML, OPF, NCX, FB2), not images, fonts or media. */
    static boolean isMarkup(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".xml") || n.endsWith(".xhtml") || n.endsWith(".html") || n.endsWith(".htm")
                || n.endsWith(".opf") || n.endsWith(".ncx") || n.endsWith(".fb2") || n.endsWith(".rels");
    }
}
