package dev.librarian.intake;

import java.nio.charset.Charset;
import java.util.List;

/**
 * A second opinion on the detector's single-byte code page. The Cyrillic code pages share most letters and differ
 * in a few (Windows-1251 and Mac Cyrillic only in capitals and {@code я}), so on some passages the detector's
 * statistics pick the wrong one. Reading the start of the text in each candidate and counting what real prose
 * does not contain — symbols such as {@code ¤ ¬ √ €}, daggers and bullets, controls, Cyrillic letters outside the
 * Russian alphabet, and a capital letter right after a small one — tells the right one: the detector's answer
 * stands unless another code page reads strictly cleaner.
 */
final class CodePageCheck {

    private static final int PROBE = 64 * 1024;
    private static final List<Charset> CYRILLIC = List.of(TextDecoder.WINDOWS_1251, TextDecoder.KOI8_R,
            Charset.forName("IBM866"), Charset.forName("ISO-8859-5"), Charset.forName("x-MacCyrillic"));

    /** Punctuation of the code pages' upper halves that prose hardly uses. */
    private static final String RARE_PUNCTUATION = "†‡•‰¶§¦";

    private CodePageCheck() {
    }

    /** Cyrillic letters outside the Russian alphabet (Serbian, Macedonian, Ukrainian, Belarusian ones). */
    private static boolean isRareCyrillic(char c) {
        return c >= '\u0400' && c <= '\u04FF' && !(c >= '\u0410' && c <= '\u044F') && c != 'Ё' && c != 'ё';
    }

    /** {@code detected} unless a Cyrillic code page reads the start of {@code bytes} with fewer anomalies. */
    static Charset confirm(byte[] bytes, Charset detected) {
        int n = Math.min(bytes.length, PROBE);
        Charset best = detected;
        int bestScore = anomalies(new String(bytes, 0, n, detected));
        for (Charset candidate : CYRILLIC) {
            if (bestScore == 0) {
                break;
            }
            int score = anomalies(new String(bytes, 0, n, candidate));
            if (score < bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    /** Characters that misread text is full of and real prose nearly never has. */
    static int anomalies(String text) {
        int count = 0;
        char previous = ' ';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (Character.getType(c)) {
                case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.OTHER_SYMBOL,
                        Character.MODIFIER_SYMBOL, Character.UNASSIGNED, Character.PRIVATE_USE -> count++;
                case Character.CONTROL -> {
                    if (c != '\n' && c != '\r' && c != '\t') {
                        count++;
                    }
                }
                case Character.UPPERCASE_LETTER -> {
                    if (Character.isLowerCase(previous) || isRareCyrillic(c)) {
                        count++;
                    }
                }
                case Character.LOWERCASE_LETTER -> {
                    if (isRareCyrillic(c)) {
                        count++;
                    }
                }
                default -> {
                    if (c == '\uFFFD' || RARE_PUNCTUATION.indexOf(c) >= 0) {
                        count++;
                    }
                }
            }
            previous = c;
        }
        return count;
    }
}
