package dev.librarian.intake;

import dev.librarian.model.Separators;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocumentIdsTest {

    @Test
    void md5OfKnownStrings() {
        assertEquals("5d41402abc4b2a76b9719d911017c592", DocumentIds.md5Hex("hello"));
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", DocumentIds.md5Hex(""));
        assertEquals("9e107d9d372bb6826bd81d3542a419d6",
                DocumentIds.md5Hex("The quick brown fox jumps over the lazy dog"));
        // UTF-8 bytes of Cyrillic: echo -n 'привет' | md5sum
        assertEquals("608333adc72f545078ede3aad71bfe74", DocumentIds.md5Hex("привет"));
    }

    @Test
    void canonicalFileNames() {
        assertEquals("passwd", DocumentIds.canonicalFileName("../../etc/passwd"));
        assertEquals("книга.txt", DocumentIds.canonicalFileName("C:\\x\\книга.txt"));
        assertEquals("a.txt", DocumentIds.canonicalFileName("a.txt"));
        assertEquals("dir", DocumentIds.canonicalFileName("/tmp/dir/"));
        assertEquals("report.docx", DocumentIds.canonicalFileName("in/report.[native-iet].docx"));
        for (String unknown : new String[]{null, "", "   ", "no-file-path", "unknown_source", "..", "/"}) {
            assertEquals(Separators.UNKNOWN_SOURCE, DocumentIds.canonicalFileName(unknown), String.valueOf(unknown));
        }
    }

    @Test
    void docIdUsesFileNameWhenKnown() {
        assertEquals("doc-" + DocumentIds.md5Hex("palata.txt"), DocumentIds.docId("palata.txt", "text"));
        assertEquals("doc-5d41402abc4b2a76b9719d911017c592", DocumentIds.docId(Separators.UNKNOWN_SOURCE, "hello"));
        assertEquals("doc-5d41402abc4b2a76b9719d911017c592", DocumentIds.docId("no-file-path", "hello"));
        assertEquals("doc-5d41402abc4b2a76b9719d911017c592", DocumentIds.docId(null, "hello"));
        assertEquals("5d41402abc4b2a76b9719d911017c592", DocumentIds.contentHash("hello"));
    }

    @Test
    void contentSummary() {
        assertEquals("short", DocumentIds.contentSummary("  short \n"));
        String longText = "я".repeat(300);
        String summary = DocumentIds.contentSummary(longText);
        assertEquals("я".repeat(250) + "...", summary);
        assertEquals("я".repeat(250), DocumentIds.contentSummary("я".repeat(250)));
        String emoji = "\uD83D\uDE00".repeat(251);
        assertEquals("\uD83D\uDE00".repeat(250) + "...", DocumentIds.contentSummary(emoji), "counts code points");
    }

    @Test
    void trackIdFormat() {
        String id = DocumentIds.trackId("upload");
        assertTrue(id.matches("upload_\\d{8}_\\d{6}_[0-9a-f]{8}"), id);
        assertNotEquals(id, DocumentIds.trackId("upload"));
    }
}
