package dev.librarian.intake;

import org.mozilla.universalchardet.UniversalDetector;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/**
 * Turns the bytes of a book file into text. A byte order mark decides first; then UTF-16 without a mark
 * ({@link Utf16Sniffer}); then strict UTF-8; then Mozilla's universal charset detector (juniversalchardet), which
 * tells Windows-1251 from KOI8-R, CP866, ISO-8859-5 and the Western code pages by letter statistics, its answer
 * checked by {@link CodePageCheck} where Cyrillic code pages are easily confused. Bytes that are invalid in the
 * chosen charset become U+FFFD and are reported, so nothing is silently misread.
 */
public final class TextDecoder {

    /** Windows-1251, the usual code page of older Russian text files. */
    public static final Charset WINDOWS_1251 = Charset.forName("windows-1251");
    /** KOI8-R, the code page of many older Russian e-text archives (e.g. lib.ru). */
    public static final Charset KOI8_R = Charset.forName("KOI8-R");

    private static final int BINARY_PROBE = 8192;
    private static final int DETECTOR_BLOCK = 64 * 1024;

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
        // before UTF-8: Cyrillic in UTF-16 is mostly bytes below 0x80, which UTF-8 would accept as garbage
        Charset utf16 = Utf16Sniffer.sniff(bytes);
        if (utf16 != null) {
            return decodeLenient(bytes, 0, utf16);
        }
        String strict = decodeStrict(bytes, StandardCharsets.UTF_8);
        if (strict != null) {
            return new DecodedText(strict, StandardCharsets.UTF_8.name(), false);
        }
        return decodeLenient(bytes, 0, CodePageCheck.confirm(bytes, detect(bytes)));
    }

    /**
     * True for bytes that are not a text file: a known binary signature (PDF, ZIP/DOCX/EPUB, PNG, JPEG, GIF, gzip,
     * 7z, RAR, OLE/DOC, ELF), or a NUL byte in the first 8 KB of something that is not UTF-16 text.
     */
    public static boolean looksBinary(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return false;
        }
        if (startsWith(bytes, 0xFF, 0xFE) || startsWith(bytes, 0xFE, 0xFF)) {
            return false;
        }
        if (BinaryKind.of(bytes).isPresent()) {
            return true;
        }
        int n = Math.min(bytes.length, BINARY_PROBE);
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                return Utf16Sniffer.sniff(bytes) == null;
            }
        }
        return false;
    }

    /** The detector's charset for bytes that are not valid UTF-8; UTF-8 (with replacements) when it has no answer. */
    static Charset detect(byte[] bytes) {
        UniversalDetector detector = new UniversalDetector();
        for (int off = 0; off < bytes.length && !detector.isDone(); off += DETECTOR_BLOCK) {
            detector.handleData(bytes, off, Math.min(DETECTOR_BLOCK, bytes.length - off));
        }
        detector.dataEnd();
        String name = detector.getDetectedCharset();
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
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
        return BinaryKind.startsWith(bytes, prefix);
    }
}
