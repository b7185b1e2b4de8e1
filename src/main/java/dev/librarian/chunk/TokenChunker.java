package dev.librarian.chunk;

import com.knuddels.jtokkit.api.IntArrayList;
import dev.librarian.intake.Whitespace;
import dev.librarian.model.Chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * LightRAG's fixed-token chunking: windows of {@code chunkSize} tokens starting at 0, step, 2*step, ... (below the
 * token count), with {@code step = chunkSize - overlap}. The content of a window is its decoded text, stripped;
 * {@code tokens} is the window length before stripping. Windows that are empty after stripping are skipped and
 * leave a gap in the index sequence. Note the LightRAG quirk: a text of exactly {@code chunkSize} tokens gives two
 * chunks, the second being the last {@code overlap} tokens.
 */
public final class TokenChunker {

    private final int chunkSize;
    private final int overlap;
    private final Tokenizer tokenizer;

    /**
     * @param chunkSize tokens per window, greater than {@code overlap}
     * @param overlap   tokens shared by consecutive windows, at least 0
     */
    public TokenChunker(int chunkSize, int overlap) {
        if (overlap < 0) {
            throw new IllegalArgumentException("chunk overlap must be >= 0, got " + overlap);
        }
        if (chunkSize <= overlap) {
            throw new IllegalArgumentException(
                    "chunk size must be greater than the overlap, got size " + chunkSize + " and overlap " + overlap);
        }
        this.chunkSize = chunkSize;
        this.overlap = overlap;
        this.tokenizer = Tokenizer.o200k();
    }

    public int chunkSize() {
        return chunkSize;
    }

    public int overlap() {
        return overlap;
    }

    /** Distance in tokens between the starts of consecutive windows. */
    public int step() {
        return chunkSize - overlap;
    }

    /**
     * Splits {@code content} into chunks with ids {@code <docId>-chunk-NNN}.
     *
     * @return the non-empty chunks in order; empty for null or blank content
     */
    public List<Chunk> chunk(String docId, String content, String filePath) {
        List<Chunk> chunks = new ArrayList<>();
        if (content == null || content.isEmpty()) {
            return chunks;
        }
        IntArrayList tokens = tokenizer.encode(content);
        int total = tokens.size();
        int step = step();
        int index = 0;
        for (int start = 0; start < total; start += step, index++) {
            int end = Math.min(total, start + chunkSize);
            String piece = Whitespace.strip(tokenizer.decode(tokens, start, end));
            if (!piece.isEmpty()) {
                chunks.add(new Chunk(Chunk.idFor(docId, index), docId, index, end - start, piece, filePath));
            }
        }
        return chunks;
    }
}
