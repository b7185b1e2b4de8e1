package dev.librarian.chunk;

import com.knuddels.jtokkit.api.IntArrayList;
import dev.librarian.intake.Whitespace;
import dev.librarian.model.Chunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.librarian.testing.Corpus;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenChunkerTest {

    private static final Path CHEKHOV = Corpus.CHEKHOV;
    private static final Path TURGENEV = Corpus.TURGENEV;

    private final Tokenizer tokenizer = Tokenizer.o200k();

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void windowsOfTheChekhovStoryFollowLightRagArithmetic() throws IOException {
        String text = read(CHEKHOV);
        int size = 1200;
        int overlap = 100;
        int step = size - overlap;
        List<Chunk> chunks = new TokenChunker(size, overlap).chunk("doc-x", text, "palata.txt");
        IntArrayList tokens = tokenizer.encode(text);
        int expectedWindows = (tokens.size() + step - 1) / step;
        assertEquals(expectedWindows, chunks.size(), "no window of this text is blank");
        assertEquals("doc-x-chunk-000", chunks.get(0).id());
        assertEquals("doc-x-chunk-001", chunks.get(1).id());

        int maxReencoded = 0;
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            int start = i * step;
            int end = Math.min(tokens.size(), start + size);
            assertEquals(i, c.index());
            assertEquals(Chunk.idFor("doc-x", i), c.id());
            assertEquals("doc-x", c.docId());
            assertEquals("palata.txt", c.filePath());
            assertEquals(end - start, c.tokens(), "tokens = window length");
            assertTrue(c.tokens() <= size);
            assertEquals(Whitespace.strip(tokenizer.decode(tokens, start, end)), c.content(),
                    "window " + i + " starts at " + start + " (Python strip: NBSP too)");
            maxReencoded = Math.max(maxReencoded, tokenizer.count(c.content()));
            if (i + 1 < chunks.size()) {
                // window i+1 starts `step` tokens after window i: its first `overlap` tokens are window i's last ones
                for (int k = 0; k < overlap; k++) {
                    assertEquals(tokens.get(start + step + k), tokens.get((i + 1) * step + k));
                }
                String shared = trimReplacement(Whitespace.strip(tokenizer.decode(tokens, start + step, start + size)));
                assertTrue(chunks.get(i + 1).content().startsWith(shared), "overlap text opens chunk " + (i + 1));
                assertTrue(c.content().contains(shared), "overlap text closes chunk " + i);
            }
        }
        assertTrue(maxReencoded <= size + 2, "re-encoded chunk content stays at the window size, got " + maxReencoded);
        Chunk last = chunks.get(chunks.size() - 1);
        assertEquals(tokens.size() - (chunks.size() - 1) * step, last.tokens());
        System.out.printf("re-encoded chunk content: at most %d tokens (window %d)%n", maxReencoded, size);
    }

    @Test
    void corpusNumbers() throws IOException {
        TokenChunker chunker = new TokenChunker(1200, 100);
        for (Path p : List.of(CHEKHOV, TURGENEV)) {
            String text = read(p);
            long t0 = System.nanoTime();
            int count = tokenizer.count(text);
            long t1 = System.nanoTime();
            List<Chunk> chunks = chunker.chunk("doc-x", text, p.getFileName().toString());
            long t2 = System.nanoTime();
            List<Chunk> again = chunker.chunk("doc-x", text, p.getFileName().toString());
            long t3 = System.nanoTime();
            assertEquals(chunks, again);
            System.out.printf("CORPUS %s: %,d bytes, %,d chars, %,d tokens, %d chunks (1200/100); "
                            + "count %d ms, chunk %d ms (first call), %d ms (second call)%n",
                    p.getFileName(), Files.size(p), text.length(), count, chunks.size(),
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
            assertEquals((count + 1099) / 1100, chunks.size());
        }
    }

    @Test
    void textOfExactlyChunkSizeGivesTwoChunks() {
        String text = "hello" + " hello".repeat(1199);
        assertEquals(1200, tokenizer.count(text), "test text must be 1200 tokens");
        List<Chunk> chunks = new TokenChunker(1200, 100).chunk("doc-q", text, "q.txt");
        assertEquals(2, chunks.size(), "LightRAG's range() quirk: a window also starts at 1100");
        assertEquals(1200, chunks.get(0).tokens());
        assertEquals(100, chunks.get(1).tokens());
        assertEquals("doc-q-chunk-001", chunks.get(1).id());
        assertEquals(("hello" + " hello".repeat(99)).strip(), chunks.get(1).content());
    }

    @Test
    void tinyTextGivesOneChunk() {
        List<Chunk> chunks = new TokenChunker(1200, 100).chunk("doc-t", "  Палата № 6.\n", "t.txt");
        assertEquals(1, chunks.size());
        Chunk c = chunks.get(0);
        assertEquals("doc-t-chunk-000", c.id());
        assertEquals("Палата № 6.", c.content());
        assertEquals(tokenizer.count("  Палата № 6.\n"), c.tokens(), "tokens counted before strip");
    }

    @Test
    void emptyOrBlankTextGivesNoChunks() {
        TokenChunker chunker = new TokenChunker(1200, 100);
        assertTrue(chunker.chunk("d", "", "f").isEmpty());
        assertTrue(chunker.chunk("d", null, "f").isEmpty());
        assertTrue(chunker.chunk("d", " \n\t\n  ", "f").isEmpty());
    }

    @Test
    void blankWindowsAreSkippedAndLeaveGapsInTheIndex() {
        String text = "Начало." + "\n".repeat(200) + "\t ".repeat(300) + " Конец.";
        TokenChunker chunker = new TokenChunker(4, 0);
        int windows = (tokenizer.count(text) + 3) / 4;
        assertTrue(tokenizer.count(" Конец.") <= 4);
        List<Chunk> chunks = chunker.chunk("doc-g", text, "g.txt");
        assertTrue(chunks.size() < windows, "blank windows are dropped");
        assertEquals(0, chunks.get(0).index());
        assertEquals(windows - 1, chunks.get(chunks.size() - 1).index(), "index keeps counting blank windows");
        String tail = chunks.get(chunks.size() - 1).content();
        assertTrue("Конец.".endsWith(tail), tail);
        for (Chunk c : chunks) {
            assertEquals(Chunk.idFor("doc-g", c.index()), c.id());
            assertFalse(c.content().isBlank());
        }
    }

    @Test
    void specialTokenStringsAreOrdinaryText() {
        String text = "До <|endoftext|> и после <|fim_prefix|>.";
        List<Chunk> chunks = assertDoesNotThrow(() -> new TokenChunker(1200, 100).chunk("d", text, "f"));
        assertEquals(text, chunks.get(0).content());
        assertTrue(tokenizer.count("<|endoftext|>") > 1, "not the single special token");
    }

    @Test
    void sizeMustExceedOverlap() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TokenChunker(100, 100));
        assertTrue(e.getMessage().contains("greater than the overlap"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TokenChunker(100, -1));
        assertThrows(IllegalArgumentException.class, () -> new TokenChunker(0, 0));
        assertEquals(1100, new TokenChunker(1200, 100).step());
    }

    private static String trimReplacement(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == '\uFFFD') {
            a++;
        }
        while (b > a && s.charAt(b - 1) == '\uFFFD') {
            b--;
        }
        return Whitespace.strip(s.substring(a, b));
    }

    /** Chunking took time quadratic in the length of a run without separators: 81 s for 5 MB (now a few seconds). */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aFiveMegabyteTextWithoutSeparatorsIsChunkedWholeInLinearTime() {
        // lower-case letters only: one pre-tokenizer piece, the case byte-pair merging was quadratic in
        String unit = "varvarapetrovnazhivetvtveri";
        String text = unit.repeat(5_000_000 / unit.getBytes(StandardCharsets.UTF_8).length + 1);
        assertTrue(text.getBytes(StandardCharsets.UTF_8).length > 5_000_000);

        List<Chunk> chunks = new TokenChunker(1200, 0).chunk("doc-x", text, "long.txt");

        assertEquals(text, String.join("", chunks.stream().map(Chunk::content).toList()),
                "the windows, laid end to end, are the text");
        for (int i = 0; i < chunks.size(); i++) {
            assertEquals(i, chunks.get(i).index());
            assertEquals(i < chunks.size() - 1 ? 1200 : chunks.get(i).tokens(), chunks.get(i).tokens());
        }
        assertTrue(chunks.size() > 1000, "a window per 1,200 tokens: " + chunks.size());
    }

    @Test
    void textWithoutLongRunsGivesTheUnsegmentedTokens() throws IOException {
        String text = read(TURGENEV);
        assertEquals(tokenizer.encode(text).size(), tokenizer.count(text));
        String longRun = "x".repeat(Tokenizer.MAX_RUN * 3 + 7);
        assertEquals(longRun, tokenizer.decode(tokenizer.encode(longRun)));
        assertEquals(tokenizer.encode(longRun).size(), tokenizer.count(longRun));
    }
}
