package dev.librarian.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * JSON as LightRAG's Python side reads and writes it: a shared {@link ObjectMapper} that accepts what Python's
 * {@code json} module emits (including {@code NaN}/{@code Infinity}), and writers that reproduce
 * {@code json.dump(..., ensure_ascii=False)} output byte for byte, pretty ({@code indent=2}) for the KV stores and
 * compact (default separators) for the NanoVectorDB files. Files are read as UTF-8 with an optional BOM
 * (Python's {@code utf-8-sig}).
 */
public final class LightRagJson {

    /**
     * Without Jackson's limits on string and name length: a whole book is one string in {@code full_docs}, and the
     * base64 {@code matrix} of a NanoVectorDB file runs to hundreds of MB.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE)
                            .maxNameLength(Integer.MAX_VALUE)
                            .build())
                    .build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private LightRagJson() {
    }

    /** The shared, configured mapper (thread-safe; do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Like Python json.dump(indent=2, ensure_ascii=False): 2-space indent, {@code "key": value}, arrays one element
     * per line, empty {} and [] compact, UTF-8 non-ASCII kept raw, no trailing newline.
     */
    public static byte[] pretty(JsonNode node) {
        return PythonJsonWriter.toString(node, true).getBytes(StandardCharsets.UTF_8);
    }

    /** Like Python json.dump with default separators: {@code {"a": 1, "b": [1, 2]}}. */
    public static byte[] compact(JsonNode node) {
        return compactText(node).getBytes(StandardCharsets.UTF_8);
    }

    /** The text of {@link #compact}, for callers that want a String rather than bytes. */
    public static String compactText(JsonNode node) {
        return PythonJsonWriter.toString(node, false);
    }

    /** Streams the {@link #pretty} form of {@code node} to {@code out}. */
    public static void writePretty(JsonNode node, Writer out) throws IOException {
        PythonJsonWriter.write(node, out, true);
    }

    /** Streams the {@link #compact} form of {@code node} to {@code out}. */
    public static void writeCompact(JsonNode node, Writer out) throws IOException {
        PythonJsonWriter.write(node, out, false);
    }

    /** Parses a UTF-8 file, skipping a leading BOM. An empty (0-byte or blank) file yields {@code null}. */
    public static JsonNode readFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in.readAllBytes());
        }
    }

    /**
     * A streaming parser over a UTF-8 file (leading BOM skipped) that accepts what {@link #readFile} accepts, with
     * no limit on the length of a string; {@code readValueAsTree()} works on it. A blank file gives a parser whose
     * first {@code nextToken()} is {@code null}. The caller closes it (which closes the file).
     */
    public static JsonParser openParser(Path file) throws IOException {
        return openParser(Files.newInputStream(file));
    }

    /** {@link #openParser(Path)} over UTF-8 bytes from {@code source}, which the parser closes. */
    public static JsonParser openParser(InputStream source) throws IOException {
        PushbackInputStream in = new PushbackInputStream(source, UTF8_BOM.length);
        try {
            byte[] head = in.readNBytes(UTF8_BOM.length);
            if (!startsWithBom(head)) {
                in.unread(head);
            }
            return MAPPER.createParser(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Parses UTF-8 bytes, skipping a leading BOM. Blank input yields {@code null}. */
    public static JsonNode read(byte[] bytes) throws IOException {
        int start = startsWithBom(bytes) ? UTF8_BOM.length : 0;
        if (isBlank(bytes, start)) {
            return null;
        }
        return MAPPER.readTree(bytes, start, bytes.length - start);
    }

    private static boolean isBlank(byte[] bytes, int start) {
        for (int i = start; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithBom(byte[] bytes) {
        return bytes.length >= UTF8_BOM.length && Arrays.equals(bytes, 0, UTF8_BOM.length, UTF8_BOM, 0, UTF8_BOM.length);
    }
}
