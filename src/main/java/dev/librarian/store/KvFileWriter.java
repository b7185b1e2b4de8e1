package dev.librarian.store;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedWriter;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Streams a LightRAG JsonKVStorage file from records handed over one at a time (a database cursor, say), in the
 * layout of Python's {@code json.dump(indent=2, ensure_ascii=False)}: byte for byte what the tests' {@code
 * JsonKvStore#flush()}
 * writes for the same records in the same order. The file is replaced atomically. Keys are written as given, so the
 * source must not repeat one.
 */
public final class KvFileWriter {

    /** How a file with records ends: a new line and the closing brace. */
    private static final String END = "\n}";

    private KvFileWriter() {
    }

    /** Writes {@code records} (consumed, not collected) to {@code file} atomically. */
    public static void write(Path file, Iterator<? extends Map.Entry<String, ? extends JsonNode>> records)
            throws IOException {
        AtomicFiles.write(file, out -> {
            Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            if (!records.hasNext()) {
                text.write("{}");
            } else {
                text.write('{');
                writeRecords(records, true, text);
                text.write(END);
            }
            text.flush();
        });
    }

    /**
     * Replaces {@code file}, a non-empty file this class wrote, atomically with a copy that also holds
     * {@code records} (new keys) after its own: the bytes before its closing brace are copied, not written again.
     * False, and nothing changed, when the file does not have {@code expectedBytes} or does not end as written here.
     */
    public static boolean append(Path file, long expectedBytes,
                                 Iterator<? extends Map.Entry<String, ? extends JsonNode>> records) throws IOException {
        long kept = expectedBytes - END.length();
        if (kept < 2 || !endsAsWritten(file, expectedBytes)) {
            return false;
        }
        AtomicFiles.write(file, out -> {
            // a FileInputStream, not a channel: the stop's export runs on a thread a forced shutdown may interrupt
            try (InputStream old = new FileInputStream(file.toFile())) {
                copy(old, out, kept);
            }
            Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            writeRecords(records, false, text);
            text.write(END);
            text.flush();
        });
        return true;
    }

    private static void writeRecords(Iterator<? extends Map.Entry<String, ? extends JsonNode>> records,
                                     boolean first, Writer text) throws IOException {
        while (records.hasNext()) {
            Map.Entry<String, ? extends JsonNode> record = records.next();
            text.write(first ? "\n  " : ",\n  ");
            first = false;
            PythonJsonWriter.writeString(record.getKey(), text);
            text.write(": ");
            PythonJsonWriter.write(record.getValue(), text, true, 1);
        }
    }

    private static boolean endsAsWritten(Path file, long expectedBytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (f.length() != expectedBytes) {
                return false;
            }
            byte[] end = new byte[END.length()];
            f.seek(expectedBytes - end.length);
            f.readFully(end);
            return new String(end, StandardCharsets.US_ASCII).equals(END);
        } catch (FileNotFoundException e) {
            return false;
        }
    }

    private static void copy(InputStream in, OutputStream out, long bytes) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = bytes;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("the file ended " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }
}
