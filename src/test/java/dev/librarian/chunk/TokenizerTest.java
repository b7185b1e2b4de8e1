package dev.librarian.chunk;

import com.knuddels.jtokkit.api.IntArrayList;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerTest {

    @Test
    void sharedInstanceRoundTrips() {
        Tokenizer t = Tokenizer.o200k();
        assertSame(t, Tokenizer.o200k());
        String s = "Евгений Базаров — нигилист. Hello, world!";
        IntArrayList tokens = t.encode(s);
        assertEquals(tokens.size(), t.count(s));
        assertEquals(s, t.decode(tokens));
        assertEquals(0, t.count(""));
        assertEquals(0, t.count(null));
        assertEquals("", t.decode(new IntArrayList()));
    }

    @Test
    void knownO200kCounts() {
        Tokenizer t = Tokenizer.o200k();
        // tiktoken o200k_base: "hello world" -> [24912, 2375]
        IntArrayList tokens = t.encode("hello world");
        assertEquals(2, tokens.size());
        assertEquals(24912, tokens.get(0));
        assertEquals(2375, tokens.get(1));
    }

    @Test
    void truncateCutsOnTokenBoundary() {
        Tokenizer t = Tokenizer.o200k();
        String s = "hello".repeat(1) + " hello".repeat(20);
        assertEquals(5, t.count(t.truncate(s, 5)));
        assertEquals(s, t.truncate(s, 100));
        assertTrue(s.startsWith(t.truncate(s, 5)));
    }
}
