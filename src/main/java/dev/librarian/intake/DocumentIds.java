package dev.librarian.intake;

import dev.librarian.model.Separators;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** LightRAG's document-level identifiers: doc ids, content hashes, canonical file names, summaries and track ids. */
public final class DocumentIds {

    private static final Set<String> UNKNOWN_NAMES = Set.of("", "no-file-path", Separators.UNKNOWN_SOURCE);
    /** A parser hint such as {@code name.[native-iet].docx} in front of the extension. */
    private static final Pattern PARSER_HINT = Pattern.compile("\\.\\[[^\\[\\]/\\\\]*\\](?=\\.[^.]+$)");
    private static final DateTimeFormatter TRACK_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final int SUMMARY_LENGTH = 250;

    private DocumentIds() {
    }

    /** Lower-case hex MD5 of the UTF-8 bytes of {@code s} (lone surrogates become '?'). */
    public static String md5Hex(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md.digest((s == null ? "" : s).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }

    /**
     * The base name of a path ({@code /} and {@code \} both separate), with a parser hint removed; null, blank,
     * {@code no-file-path} and {@code unknown_source} give {@code unknown_source}.
     */
    public static String canonicalFileName(String pathOrName) {
        if (pathOrName == null) {
            return Separators.UNKNOWN_SOURCE;
        }
        String p = pathOrName.strip();
        int end = p.length();
        while (end > 0 && (p.charAt(end - 1) == '/' || p.charAt(end - 1) == '\\')) {
            end--;
        }
        p = p.substring(0, end);
        int cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
        String name = PARSER_HINT.matcher(p.substring(cut + 1)).replaceFirst("").strip();
        return isKnownFileName(name) && !name.equals(".") && !name.equals("..") ? name : Separators.UNKNOWN_SOURCE;
    }

    /** True unless the name is null, blank, {@code no-file-path} or {@code unknown_source}. */
    public static boolean isKnownFileName(String name) {
        return name != null && !UNKNOWN_NAMES.contains(name.strip());
    }

    /** {@code doc-<md5(file name)>} for a known file name, else {@code doc-<md5(content)>}. */
    public static String docId(String canonicalFileName, String sanitizedContent) {
        return "doc-" + (isKnownFileName(canonicalFileName) ? md5Hex(canonicalFileName) : md5Hex(sanitizedContent));
    }

    /** MD5 of the sanitized content, without prefix. */
    public static String contentHash(String sanitizedContent) {
        return md5Hex(sanitizedContent);
    }

    /** The first 250 characters (code points) of the stripped content, plus {@code ...} when it was longer. */
    public static String contentSummary(String content) {
        String s = Whitespace.strip(content == null ? "" : content);
        if (s.codePointCount(0, s.length()) <= SUMMARY_LENGTH) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, SUMMARY_LENGTH)) + "...";
    }

    /** {@code <prefix>_<yyyyMMdd_HHmmss>_<8 random hex digits>}, time in UTC (LightRAG's form). */
    public static String trackId(String prefix) {
        String time = ZonedDateTime.now(ZoneOffset.UTC).format(TRACK_TIME);
        // 8 random hex digits tell apart requests of the same second; they need no secure random source, whose lock
        // a burst of uploads would queue on
        return prefix + "_" + time + "_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
