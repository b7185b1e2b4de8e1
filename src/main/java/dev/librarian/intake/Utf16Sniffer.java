package dev.librarian.intake;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Recognises UTF-16 text that has no byte order mark, which charset detectors leave out (they rely on the mark).
 * In UTF-16 the high byte of each code unit names a script block, so text in one or two scripts (Cyrillic and
 * ASCII punctuation, say) repeats very few values in every other byte while the low bytes vary; the guess is
 * confirmed by decoding the probe and finding readable characters, not controls.
 */
final class Utf16Sniffer {

    private static final int PROBE = 64 * 1024;
    private static final int MIN_UNITS = 4;

    private Utf16Sniffer() {
    }

    /** {@code UTF_16LE}, {@code UTF_16BE} or null when the bytes do not read as BOM-less UTF-16 text. */
    static Charset sniff(byte[] bytes) {
        int n = Math.min(bytes.length, PROBE) & ~1;
        int units = n / 2;
        if (units < MIN_UNITS) {
            return null;
        }
        int[] even = new int[256];
        int[] odd = new int[256];
        for (int i = 0; i < n; i += 2) {
            even[bytes[i] & 0xFF]++;
            odd[bytes[i + 1] & 0xFF]++;
        }
        double evenShare = topTwoShare(even, units);
        double oddShare = topTwoShare(odd, units);
        Charset guess;
        if (oddShare >= 0.9 && evenShare < 0.6) {
            guess = StandardCharsets.UTF_16LE;
        } else if (evenShare >= 0.9 && oddShare < 0.6) {
            guess = StandardCharsets.UTF_16BE;
        } else {
            return null;
        }
        return readsAsText(bytes, n, guess) ? guess : null;
    }

    private static double topTwoShare(int[] counts, int total) {
        int first = 0;
        int second = 0;
        for (int c : counts) {
            if (c > first) {
                second = first;
                first = c;
            } else if (c > second) {
                second = c;
            }
        }
        return (first + second) / (double) total;
    }

    /** At most 1% of the probe's characters are controls, unassigned, private-use or undecodable. */
    private static boolean readsAsText(byte[] bytes, int n, Charset charset) {
        CharBuffer chars;
        try {
            chars = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes, 0, n));
        } catch (CharacterCodingException e) {
            return false;
        }
        int bad = 0;
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            int type = Character.getType(c);
            boolean control = type == Character.CONTROL && c != '\n' && c != '\r' && c != '\t' && c != '\f';
            if (control || type == Character.UNASSIGNED || type == Character.PRIVATE_USE || c == '\uFFFD') {
                bad++;
            }
        }
        return bad * 100 <= chars.length();
    }
}
