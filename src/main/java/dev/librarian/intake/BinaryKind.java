package dev.librarian.intake;

import java.util.List;
import java.util.Optional;

/** Names the kind of a binary file from its first bytes (its signature), for a rejection the user understands. */
public final class BinaryKind {

    private record Signature(String kind, int... prefix) {
    }

    private static final List<Signature> SIGNATURES = List.of(
            new Signature("a PDF document", '%', 'P', 'D', 'F'),
            new Signature("a ZIP archive (also DOCX, EPUB, ODT)", 'P', 'K', 3, 4),
            new Signature("a ZIP archive (also DOCX, EPUB, ODT)", 'P', 'K', 5, 6),
            new Signature("a ZIP archive (also DOCX, EPUB, ODT)", 'P', 'K', 7, 8),
            new Signature("a PNG image", 0x89, 'P', 'N', 'G'),
            new Signature("a JPEG image", 0xFF, 0xD8, 0xFF),
            new Signature("a GIF image", 'G', 'I', 'F', '8'),
            new Signature("a gzip archive", 0x1F, 0x8B),
            new Signature("a 7z archive", '7', 'z', 0xBC, 0xAF),
            new Signature("a RAR archive", 'R', 'a', 'r', '!'),
            new Signature("an MS Office document (DOC, XLS)", 0xD0, 0xCF, 0x11, 0xE0),
            new Signature("an executable", 0x7F, 'E', 'L', 'F'));

    private BinaryKind() {
    }

    /** The kind named by a known signature at the start of {@code bytes}. */
    public static Optional<String> of(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        return SIGNATURES.stream().filter(s -> startsWith(bytes, s.prefix())).map(Signature::kind).findFirst();
    }

    static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != (prefix[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }
}
