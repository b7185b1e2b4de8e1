package dev.librarian.intake;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TextSanitizerTest {

    @Test
    void stripsAndUnescapesHtml() {
        assertEquals("Tom & Jerry <3 \"quoted\" 'single'",
                TextSanitizer.sanitize("  Tom &amp; Jerry &lt;3 &quot;quoted&quot; &#39;single&#x27;\n"));
        assertEquals("«Палата № 6» — Чехов",
                TextSanitizer.sanitize("&laquo;Палата &#8470; 6&raquo; &mdash; Чехов"));
        assertEquals("a\u00A0b", TextSanitizer.sanitize("a&nbsp;b"));
        assertEquals("&unknown; stays", TextSanitizer.sanitize("&unknown; stays"));
        assertEquals("AT&T and R&D", TextSanitizer.sanitize("AT&T and R&D"));
        assertEquals("5 & 6", TextSanitizer.sanitize("5 &amp 6"));
        assertEquals("\u20AC", TextSanitizer.sanitize("&#128;"), "0x80-0x9F read as Windows-1252, like Python");
        assertEquals("\uD83D\uDE00", TextSanitizer.sanitize("&#x1F600;"));
        assertEquals("\uFFFD", TextSanitizer.sanitize("&#xD800;"));
    }

    @Test
    void removesControlsAndLoneSurrogates() {
        assertEquals("a\tb\nc\rd", TextSanitizer.sanitize("a\tb\nc\rd"));
        assertEquals("abcdef", TextSanitizer.sanitize("a\u0000b\u0007c\u001Fd\u007Fe\u000Bf"));
        assertEquals("xy", TextSanitizer.sanitize("x\uD800y"));
        assertEquals("xy", TextSanitizer.sanitize("x\uDC00y"));
        assertEquals("x\uD83D\uDE00y", TextSanitizer.sanitize("x\uD83D\uDE00y"), "valid pairs stay");
        assertEquals("ab", TextSanitizer.sanitize("a\uFFFEb\uFFFF"));
        assertEquals("ab", TextSanitizer.sanitize("a&#1;b"), "controls produced by references are removed too");
        assertEquals("a\u2026b", TextSanitizer.sanitize("a&#x85;b"), "0x85 is Windows-1252 ellipsis, as in Python");
        assertEquals("ab", TextSanitizer.sanitize("a&#x81;b"), "undefined C1 is removed after unescape");
        assertEquals("ab\u00A0c", TextSanitizer.sanitize("a\u0085b\u009F\u00A0c"), "C1 in the text itself goes too");
    }

    @Test
    void pythonStripRemovesNbsp() {
        assertEquals("текст", TextSanitizer.sanitize("\u00A0 текст \u00A0\n"));
        assertEquals("", TextSanitizer.sanitize("   "));
        assertNull(TextSanitizer.sanitize(null));
        assertEquals("", TextSanitizer.sanitize(""));
    }
}
