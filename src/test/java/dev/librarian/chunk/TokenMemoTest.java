package dev.librarian.chunk;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenMemoTest {

    private final List<String> counted = new ArrayList<>();
    private final TokenMemo memo = new TokenMemo(text -> {
        counted.add(text);
        return text.length();
    }, 3);

    @Test
    void aTextIsCountedOnceAndAgainOnlyWhenItChanged() {
        assertEquals(5, memo.count("a", "alpha"));
        assertEquals(5, memo.count("a", "alpha"));
        assertEquals(4, memo.count("a", "beta"));
        assertEquals(List.of("alpha", "beta"), counted);
    }

    @Test
    void pastItsBoundTheEntriesInUseAreKeptAndNothingIsRecountedAtOnce() {
        memo.count("hub", "a main character");
        memo.count("x", "x1");
        memo.count("y", "y1");
        memo.count("hub", "a main character");
        // a fourth key starts a new generation; the last one still answers
        memo.count("z", "z1");
        memo.count("hub", "a main character");
        memo.count("x", "x1");
        assertEquals(List.of("a main character", "x1", "y1", "z1"), counted);
        // "hub" and "x" moved to the new generation with "z"; the next one past the bound drops only "y"
        memo.count("w", "w1");
        memo.count("v", "v1");
        memo.count("hub", "a main character");
        memo.count("y", "y1");
        assertEquals(List.of("a main character", "x1", "y1", "z1", "w1", "v1", "y1"), counted);
    }
}
