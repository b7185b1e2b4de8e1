package dev.librarian.intake;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of a book file into text: byte order mark first, then strict UTF-8, then Windows-1251 (or KOI8-R)
 * when the bytes look like single-byte Cyrillic, and finally UTF-8 with replacement characters.
 */
public final class TextDecoder {

    /** Windows-1251, the usual code page of older Russian text files. */
    public static final Charset WINDOWS_1251 = Charset.forName("windows-1251");
    /** KOI8-R, the code page of many older Russian e-text archives (e.g. lib.ru). */
    public static final Charset KOI8_R = Charset.forName("KOI8-R");

    private static final int BINARY_PROBE = 8192;

    private TextDecoder() {
    }

    /** Decodes {@code bytes}; never throws (null gives empty UTF-8 text). */
    public static DecodedText decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new DecodedText("", StandardCharsets.UTF_8.name(), false);
        }
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            return decodeLenient(bytes, 3, StandardCharsets.UTF_8);
        }
        if (startsWith(bytes, 0xFF, 0xFE)) {
            return decodeLenient(bytes, 2, StandardCharsets.UTF_16LE);
        }
        if (startsWith(bytes, 0xFE, 0xFF)) {
            return decodeLenient(bytes, 2, StandardCharsets.UTF_16BE);
        }
        String strict = decodeStrict(bytes, StandardCharsets.UTF_8);
        if (strict != null) {
            return new DecodedText(strict, StandardCharsets.UTF_8.name(), false);
        }
        Charset cyrillic = detectCyrillicCodePage(bytes);
        if (cyrillic != null) {
            return decodeLenient(bytes, 0, cyrillic);
        }
        return decodeLenient(bytes, 0, StandardCharsets.UTF_8);
    }

    /**
     * True for bytes that are not a text file: a NUL byte in the first 8 KB (unless a UTF-16 byte order mark says
     * NULs are expected) or a known binary signature (PDF, ZIP/DOCX/EPUB, PNG, JPEG, GIF, gzip, 7z, RAR, OLE/DOC, ELF).
     */
    public static boolean looksBinary(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return false;
        }
        if (startsWith(bytes, 0xFF, 0xFE) || startsWith(bytes, 0xFE, 0xFF)) {
            return false;
        }
        if (startsWith(bytes, '%', 'P', 'D', 'F')
                || startsWith(bytes, 'P', 'K', 3, 4) || startsWith(bytes, 'P', 'K', 5, 6) || startsWith(bytes, 'P', 'K', 7, 8)
                || startsWith(bytes, 0x89, 'P', 'N', 'G')
                || startsWith(bytes, 0xFF, 0xD8, 0xFF)
                || startsWith(bytes, 'G', 'I', 'F', '8')
                || startsWith(bytes, 0x1F, 0x8B)
                || startsWith(bytes, '7', 'z', 0xBC, 0xAF)
                || startsWith(bytes, 'R', 'a', 'r', '!')
                || startsWith(bytes, 0xD0, 0xCF, 0x11, 0xE0)
                || startsWith(bytes, 0x7F, 'E', 'L', 'F')) {
            return true;
        }
        int n = Math.min(bytes.length, BINARY_PROBE);
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Heuristic for single-byte Cyrillic: most bytes above 0x7F lie in 0xC0–0xFF (the letters in both Windows-1251
     * and KOI8-R) and come in runs (words), unlike the isolated accented letters of Latin-1 text. Lower-case letters
     * dominate running text: they are 0xE0–0xFF in Windows-1251 but 0xC0–0xDF in KOI8-R.
     *
     * @return {@link #WINDOWS_1251}, {@link #KOI8_R}, or null when the bytes do not look Cyrillic
     */
    static Charset detectCyrillicCodePage(byte[] bytes) {
        int high = 0;
        int upperHalf = 0;
        int lowerHalf = 0;
        int inRuns = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                continue;
            }
            high++;
            if (b < 0xC0) {
                continue;
            }
            if (b >= 0xE0) {
                upperHalf++;
            } else {
                lowerHalf++;
            }
            boolean prev = i > 0 && (bytes[i - 1] & 0xFF) >= 0xC0;
            boolean next = i + 1 < bytes.length && (bytes[i + 1] & 0xFF) >= 0xC0;
            if (prev || next) {
                inRuns++;
            }
        }
        int letters = upperHalf + lowerHalf;
        if (letters == 0 || letters < 0.6 * high || inRuns < 0.6 * letters) {
            return null;
        }
        return lowerHalf > upperHalf ? KOI8_R : WINDOWS_1251;
    }

    private static String decodeStrict(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static DecodedText decodeLenient(byte[] bytes, int offset, Charset charset) {
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        try {
            CharBuffer out = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in);
            return new DecodedText(out.toString(), charset.name(), false);
        } catch (CharacterCodingException e) {
            String text = new String(bytes, offset, bytes.length - offset, charset);
            return new DecodedText(text, charset.name(), true);
        }
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != (prefix[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }
}
