package dev.librarian.chunk;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Token counts remembered per item (a question's entities, relations, chunks and prompt skeletons; a merge's
 * description fragments), so the same text is not tokenised again. Each entry carries a fingerprint of the data it was counted from (length and hash of the
 * source strings, which Java caches per string), so changed data is recounted and a hit costs no rendering. The
 * memo empties itself when it grows past its bound. Thread-safe.
 */
public final class TokenMemo {

    private record Entry(int length, int hash, int tokens) {
    }

    private final Tokenizer tokenizer;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    public TokenMemo(Tokenizer tokenizer, int maxEntries) {
        this.tokenizer = tokenizer;
        this.maxEntries = maxEntries;
    }

    /** Tokens of {@code text}, remembered under {@code key} (the text is its own fingerprint). */
    public int count(String key, String text) {
        return count(key, text.length(), text.hashCode(), () -> text);
    }

    /**
     * Tokens of the text {@code render} produces, remembered under {@code key} for data with this fingerprint;
     * {@code render} runs only when the count is not known yet.
     */
    public int count(String key, int length, int hash, Supplier<String> render) {
        Entry e = entries.get(key);
        if (e != null && e.length() == length && e.hash() == hash) {
            return e.tokens();
        }
        int tokens = tokenizer.count(render.get());
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry(length, hash, tokens));
        return tokens;
    }

    /** Whether a count for data with this fingerprint is remembered. */
    public boolean knows(String key, int length, int hash) {
        Entry e = entries.get(key);
        return e != null && e.length() == length && e.hash() == hash;
    }

    /** Tokens of {@code text}, not remembered (for one-off texts such as the query). */
    public int countOnce(String text) {
        return tokenizer.count(text);
    }
}
