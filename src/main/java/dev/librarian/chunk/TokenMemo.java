package dev.librarian.chunk;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Token counts remembered per item (a question's entities, relations, chunks and prompt skeletons; a merge's
 * description fragments), so the same text is not tokenised again. Each entry carries a fingerprint of the data it was counted from (length and hash of the
 * source strings, which Java caches per string), so changed data is recounted and a hit costs no rendering. Past its
 * bound the memo starts a new generation and keeps the last one for lookups (an entry found there moves to the new
 * one), so what is still in use survives and nothing is recounted all at once. Thread-safe.
 */
public final class TokenMemo {

    private record Entry(int length, int hash, int tokens) {
    }

    private final ToIntFunction<String> tokenizer;
    private final int maxEntries;
    private volatile ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile ConcurrentHashMap<String, Entry> previous = new ConcurrentHashMap<>();

    public TokenMemo(Tokenizer tokenizer, int maxEntries) {
        this(tokenizer::count, maxEntries);
    }

    TokenMemo(ToIntFunction<String> tokenizer, int maxEntries) {
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
        Entry e = lookup(key, length, hash);
        if (e != null) {
            return e.tokens();
        }
        int tokens = tokenizer.applyAsInt(render.get());
        remember(key, new Entry(length, hash, tokens));
        return tokens;
    }

    /** Whether a count for data with this fingerprint is remembered. */
    public boolean knows(String key, int length, int hash) {
        return lookup(key, length, hash) != null;
    }

    private Entry lookup(String key, int length, int hash) {
        Entry e = entries.get(key);
        if (e == null) {
            e = previous.get(key);
            if (e != null && e.length() == length && e.hash() == hash) {
                remember(key, e);
            }
        }
        return e != null && e.length() == length && e.hash() == hash ? e : null;
    }

    private void remember(String key, Entry e) {
        ConcurrentHashMap<String, Entry> current = entries;
        if (current.size() >= maxEntries) {
            synchronized (this) {
                if (entries == current) {
                    previous = current;
                    entries = new ConcurrentHashMap<>();
                }
            }
        }
        entries.put(key, e);
    }

    /** Tokens of {@code text}, not remembered (for one-off texts such as the query). */
    public int countOnce(String text) {
        return tokenizer.applyAsInt(text);
    }
}
