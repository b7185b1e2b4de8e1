package dev.librarian.intake;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.librarian.testing.Corpus;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextDecoderTest {

    private static final Path CHEKHOV = Corpus.CHEKHOV;

    private static String excerpt() throws IOException {
        String text = Files.readString(CHEKHOV, StandardCharsets.UTF_8);
        return text.substring(0, 5000);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void plainUtf8() throws IOException {
        String text = excerpt();
        DecodedText d = TextDecoder.decode(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(text, d.text());
        assertEquals("UTF-8", d.charset());
        assertFalse(d.hadInvalidBytes());
    }

    @Test
    void wholeCorpusFileIsUtf8() throws IOException {
        byte[] bytes = Files.readAllBytes(CHEKHOV);
        assertFalse(TextDecoder.looksBinary(bytes));
        DecodedText d = TextDecoder.decode(bytes);
        assertEquals("UTF-8", d.charset());
        assertTrue(d.text().strip().startsWith("Антон Павлович Чехов"));
    }

    @Test
    void utf8WithBomLosesTheBom() throws IOException {
        String text = excerpt();
        byte[] bytes = concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8));
        DecodedText d = TextDecoder.decode(bytes);
        assertEquals(text, d.text());
        assertEquals("UTF-8", d.charset());
        assertFalse(d.hadInvalidBytes());
    }

    @Test
    void windows1251Cyrillic() throws IOException {
        String text = excerpt();
        byte[] bytes = text.getBytes(Charset.forName("windows-1251"));
        DecodedText d = TextDecoder.decode(bytes);
        assertEquals("windows-1251", d.charset());
        assertEquals(text, d.text());
        assertFalse(d.hadInvalidBytes());
        assertFalse(TextDecoder.looksBinary(bytes));
    }

    /** The detector alone reads some of these passages as Mac Cyrillic (capitals and я lost): never mojibake. */
    @Test
    void everyPassageOfBothBooksInEachCyrillicCodePage() throws IOException {
        List<String> books = List.of(Files.readString(CHEKHOV, StandardCharsets.UTF_8),
                Files.readString(Corpus.TURGENEV, StandardCharsets.UTF_8));
        for (String name : new String[]{"windows-1251", "KOI8-R", "IBM866", "ISO-8859-5"}) {
            Charset charset = Charset.forName(name);
            for (String book : books) {
                for (int n = 0; n < 40; n++) {
                    int from = 1000 + (book.length() - 3000) / 40 * n;
                    // what the code page cannot hold (« » — in KOI8-R, say) is left out of the expectation
                    String text = new String(book.substring(from, from + 1500).getBytes(charset), charset);
                    DecodedText d = TextDecoder.decode(text.getBytes(charset));
                    assertEquals(charset.name(), d.charset(), () -> "passage at " + from + ": " + d.text());
                    assertEquals(text, d.text());
                }
            }
        }
    }

    @Test
    void shortWindows1251Phrase() {
        String text = "Отцы и дети. Роман И. С. Тургенева.";
        DecodedText d = TextDecoder.decode(text.getBytes(Charset.forName("windows-1251")));
        assertEquals("windows-1251", d.charset());
        assertEquals(text, d.text());
    }

    @Test
    void koi8rCyrillic() throws IOException {
        String text = excerpt();
        DecodedText d = TextDecoder.decode(text.getBytes(Charset.forName("KOI8-R")));
        assertEquals("KOI8-R", d.charset());
        // KOI8-R has no «» or – : those became '?' when encoding, the letters survive
        assertEquals(text.substring(0, 30), d.text().substring(0, 30));
    }

    @Test
    void utf16WithBom() throws IOException {
        String text = excerpt();
        byte[] le = concat(new byte[]{(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE));
        byte[] be = concat(new byte[]{(byte) 0xFE, (byte) 0xFF}, text.getBytes(StandardCharsets.UTF_16BE));
        DecodedText dle = TextDecoder.decode(le);
        DecodedText dbe = TextDecoder.decode(be);
        assertEquals(text, dle.text());
        assertEquals("UTF-16LE", dle.charset());
        assertEquals(text, dbe.text());
        assertEquals("UTF-16BE", dbe.charset());
        assertFalse(TextDecoder.looksBinary(le), "NULs are expected in UTF-16");
        assertFalse(TextDecoder.looksBinary(be));
    }

    @Test
    void utf16WithoutBomIsRecognisedFromTheBytes() throws IOException {
        String text = excerpt();
        for (Charset charset : new Charset[]{StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
            byte[] bytes = text.getBytes(charset);
            DecodedText d = TextDecoder.decode(bytes);
            assertEquals(charset.name(), d.charset());
            assertEquals(text, d.text());
            assertFalse(d.hadInvalidBytes());
            assertFalse(TextDecoder.looksBinary(bytes), "NULs are expected in UTF-16");
        }
    }

    @Test
    void shortUtf16WithoutBom() {
        String russian = "Отцы и дети";
        String english = "Fathers and Sons, by Ivan Turgenev";
        assertEquals(russian, TextDecoder.decode(russian.getBytes(StandardCharsets.UTF_16LE)).text());
        assertEquals(russian, TextDecoder.decode(russian.getBytes(StandardCharsets.UTF_16BE)).text());
        assertEquals(english, TextDecoder.decode(english.getBytes(StandardCharsets.UTF_16LE)).text());
        assertEquals(english, TextDecoder.decode(english.getBytes(StandardCharsets.UTF_16BE)).text());
    }

    @Test
    void otherCyrillicCodePagesAreDetectedToo() throws IOException {
        String text = excerpt().replace('«', '"').replace('»', '"').replace('—', '-').replace('–', '-');
        for (String name : new String[]{"IBM866", "ISO-8859-5"}) {
            DecodedText d = TextDecoder.decode(text.getBytes(Charset.forName(name)));
            assertEquals(Charset.forName(name).name(), d.charset());
            assertEquals(text, d.text());
        }
    }

    @Test
    void invalidBytesInUtf8AreReplacedAndFlagged() throws IOException {
        byte[] bytes = excerpt().getBytes(StandardCharsets.UTF_8);
        bytes[1001] = (byte) 0xFF;
        bytes[3001] = (byte) 0xC3;
        DecodedText d = TextDecoder.decode(bytes);
        assertEquals("UTF-8", d.charset(), "a few bad bytes do not make a Russian UTF-8 book another charset");
        assertTrue(d.hadInvalidBytes());
        assertTrue(d.text().contains("\uFFFD"));
        assertTrue(d.text().startsWith(excerpt().substring(0, 400)), "the rest reads as it should");
    }

    @Test
    void westernCodePageIsNotMistakenForCyrillic() {
        String text = "Le café est très bon, déjà vu à Noël. Les élèves étudient à l'école près de la forêt.";
        DecodedText d = TextDecoder.decode(text.getBytes(Charset.forName("windows-1252")));
        assertEquals("windows-1252", d.charset());
        assertEquals(text, d.text());
    }

    @Test
    void emptyAndNull() {
        assertEquals("", TextDecoder.decode(new byte[0]).text());
        assertEquals("", TextDecoder.decode(null).text());
        assertFalse(TextDecoder.looksBinary(new byte[0]));
    }

    @Test
    void binaryDetection() throws IOException {
        assertTrue(TextDecoder.looksBinary("%PDF-1.7\n%âãÏÓ\n1 0 obj".getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(TextDecoder.looksBinary(new byte[]{'P', 'K', 3, 4, 20, 0, 6, 0}));
        assertTrue(TextDecoder.looksBinary(new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}));
        assertTrue(TextDecoder.looksBinary(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}));
        assertTrue(TextDecoder.looksBinary("GIF89a".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(TextDecoder.looksBinary(concat("some text".getBytes(StandardCharsets.UTF_8), new byte[]{0, 1, 2})));
        assertFalse(TextDecoder.looksBinary(excerpt().getBytes(StandardCharsets.UTF_8)));
        assertFalse(TextDecoder.looksBinary("PK is a plain word".getBytes(StandardCharsets.US_ASCII)));
    }
}
