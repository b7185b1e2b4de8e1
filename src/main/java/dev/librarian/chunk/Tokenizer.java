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
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    /** Token ids of {@code text}; empty for null or empty text. */
    public IntArrayList encode(String text) {
        return text == null || text.isEmpty() ? new IntArrayList(0) : encoding.encodeOrdinary(text);
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
