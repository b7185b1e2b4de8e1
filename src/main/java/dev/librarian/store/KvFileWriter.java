package dev.librarian.store;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
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
                boolean first = true;
                while (records.hasNext()) {
                    Map.Entry<String, ? extends JsonNode> record = records.next();
                    text.write(first ? "\n  " : ",\n  ");
                    first = false;
                    PythonJsonWriter.writeString(record.getKey(), text);
                    text.write(": ");
                    PythonJsonWriter.write(record.getValue(), text, true, 1);
                }
                text.write("\n}");
            }
            text.flush();
        });
    }
}
