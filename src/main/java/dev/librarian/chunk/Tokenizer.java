package dev.librarian.chunk;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

/**
 * The o200k_base tokenizer LightRAG uses (tiktoken's encoding for gpt-4o-mini), backed by jtokkit.
 * The encoding is loaded once and shared; it is thread-safe. Special-token strings such as
 * {@code <|endoftext|>} are treated as ordinary text, as LightRAG does after its special-token retry.
 */
public final class Tokenizer {

    private static final class Holder {
        static final Tokenizer O200K = new Tokenizer(
                Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE));
    }

    private final Encoding encoding;

    private Tokenizer(Encoding encoding) {
        this.encoding = encoding;
    }

    /** The shared o200k_base tokenizer (loaded on first use). */
    public static Tokenizer o200k() {
        return Holder.O200K;
    }

    /** Number of tokens of {@code text}; 0 for null or empty text. */
    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int count = 0;
        for (int from = 0, to; from < text.length(); from = to) {
            to = segmentEnd(text, from);
            count += encoding.countTokensOrdinary(text.substring(from, to));
        }
        return count;
    }

    /**
     * Token ids of {@code text}; empty for null or empty text. A run of more than {@link #MAX_RUN} characters without
     * whitespace (or of whitespace only) is encoded {@code MAX_RUN} characters at a time: byte-pair merging inside one pre-tokenizer piece
     * takes time quadratic in its length (a 5 MB text without a space took 81 s), and a piece that long is no word
     * anyway. Text without such runs gives exactly tiktoken's tokens.
     */
    public IntArrayList encode(String text) {
        if (text == null || text.isEmpty()) {
            return new IntArrayList(0);
        }
        int end = segmentEnd(text, 0);
        if (end == text.length()) {
            return encoding.encodeOrdinary(text);
        }
        IntArrayList tokens = new IntArrayList(text.length() / 3 + 16);
        for (int from = 0, to = end; from < text.length(); from = to, to = segmentEnd(text, from)) {
            IntArrayList part = encoding.encodeOrdinary(text.substring(from, to));
            for (int i = 0; i < part.size(); i++) {
                tokens.add(part.get(i));
            }
        }
        return tokens;
    }

    /** Longest run of non-whitespace characters encoded as one piece. */
    static final int MAX_RUN = 1000;

    /**
     * Where the segment starting at {@code from} ends: before the character that makes a run of non-whitespace (or
     * of whitespace) longer than {@link #MAX_RUN} (never inside a surrogate pair), or at the end of the text.
     */
    private static int segmentEnd(String text, int from) {
        int run = 0;
        boolean white = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean isWhite = Character.isWhitespace(c);
            run = isWhite == white ? run + 1 : 1;
            white = isWhite;
            if (run > MAX_RUN && i > from && !Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return text.length();
    }

    /** Text of {@code tokens}; byte sequences cut inside a UTF-8 character decode to U+FFFD, like tiktoken. */
    public String decode(IntArrayList tokens) {
        return tokens == null || tokens.isEmpty() ? "" : encoding.decode(tokens);
    }

    /** Text of {@code tokens[from, to)}. */
    public String decode(IntArrayList tokens, int from, int to) {
        IntArrayList window = new IntArrayList(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            window.add(tokens.get(i));
        }
        return decode(window);
    }

    /**
     * Cuts {@code text} to at most {@code maxTokens} tokens (on a token boundary); returns it unchanged when it
     * already fits.
     */
    public String truncate(String text, int maxTokens) {
        if (text == null || maxTokens < 0) {
            return text;
        }
        IntArrayList tokens = encode(text);
        return tokens.size() <= maxTokens ? text : decode(tokens, 0, maxTokens);
    }
}
