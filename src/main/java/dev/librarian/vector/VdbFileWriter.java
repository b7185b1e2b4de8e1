package dev.librarian.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.store.AtomicFiles;
import dev.librarian.store.LightRagJson;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * Streams a NanoVectorDB file ({@code vdb_<namespace>.json}, LightRAG §1.8) from rows handed over one at a time, in
 * the compact layout the tests' {@code NanoVectorStore#flush()} writes: {@code {"embedding_dim": D, "data": [...],
 * "matrix": "..."}} then any extra top-level keys. Each data row is {@code __id__}, {@code __created_at__}, the meta
 * fields and {@code vector} (the embedding as base64 zlib float16); the matrix is the L2-normalised float32 rows,
 * base64-encoded as they stream. The matrix follows all of the data, so the rows are read twice: once for the data,
 * once for the matrix. The file is replaced atomically; if the two passes do not give the same ids in the same
 * order, nothing is replaced.
 *
 * <p>For rows that carry the embedding a the tests' {@code NanoVectorStore} was given, the bytes are the store's.
 * Rows read
 * back from a file carry the float16 {@code vector}, whose normalised form differs from LightRAG's float32 matrix row
 * by float16 rounding: the data part comes out the same, the matrix very nearly so.
 */
public final class VdbFileWriter {

    /** Rows that can be read more than once, in the same order each time (a database query run twice, say). */
    @FunctionalInterface
    public interface RowSource {

        /**
         * A fresh pass over the rows. The writer consumes it without collecting it and closes it when it is
         * {@link AutoCloseable} (a cursor, say).
         */
        Iterator<VectorRow> open() throws IOException;
    }

    private VdbFileWriter() {
    }

    /** Writes the rows of {@code rows} ({@code dim} values each) and {@code extras} to {@code file} atomically. */
    public static void write(Path file, int dim, RowSource rows, ObjectNode extras) throws IOException {
        if (dim <= 0) {
            throw new IllegalArgumentException("embedding dimension must be positive, not " + dim);
        }
        ObjectMapper mapper = LightRagJson.mapper();
        AtomicFiles.write(file, out -> {
            Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            text.write("{\"embedding_dim\": " + dim + ", \"data\": [");
            RowTally data = new RowTally();
            forEachRow(rows, row -> {
                checkLength(row, dim);
                if (data.count > 0) {
                    text.write(", ");
                }
                data.add(row);
                LightRagJson.writeCompact(dataRecord(mapper, row), text);
            });
            text.write("], \"matrix\": \"");
            text.flush();
            RowTally matrix = new RowTally();
            try (OutputStream base64 = Base64.getEncoder().wrap(AtomicFiles.nonClosing(out))) {
                forEachRow(rows, row -> {
                    checkLength(row, dim);
                    matrix.add(row);
                    base64.write(VectorCodec.float32Bytes(VectorCodec.normalise(row.vector())));
                });
            }
            if (matrix.count != data.count || matrix.idHash != data.idHash) {
                throw new IOException("cannot write " + file + ": the second pass over the rows gave "
                        + matrix.count + " rows where the first gave " + data.count + ", or other ids");
            }
            text.write('"');
            for (Iterator<Map.Entry<String, JsonNode>> extra = extras.fields(); extra.hasNext(); ) {
                Map.Entry<String, JsonNode> field = extra.next();
                text.write(", ");
                LightRagJson.writeCompact(mapper.getNodeFactory().textNode(field.getKey()), text);
                text.write(": ");
                LightRagJson.writeCompact(field.getValue(), text);
            }
            text.write('}');
            text.flush();
        });
    }

    /** The data row as NanoVectorFile writes it: id, creation time, meta fields, then the encoded vector. */
    private static ObjectNode dataRecord(ObjectMapper mapper, VectorRow row) {
        ObjectNode node = mapper.createObjectNode();
        node.put("__id__", row.id());
        node.put("__created_at__", row.createdAt());
        node.setAll(row.meta());
        node.put("vector", VectorCodec.encodeHalfZlib(row.vector()));
        return node;
    }

    private static void checkLength(VectorRow row, int dim) {
        if (row.vector().length != dim) {
            throw new IllegalArgumentException("row " + row.id() + " has " + row.vector().length
                    + " values but the file holds " + dim + "-dimensional vectors");
        }
    }

    private static void forEachRow(RowSource rows, AtomicFiles.IOConsumer<VectorRow> action) throws IOException {
        Iterator<VectorRow> pass = rows.open();
        try {
            while (pass.hasNext()) {
                action.accept(pass.next());
            }
        } finally {
            if (pass instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException("cannot close a pass over the rows", e);
                }
            }
        }
    }

    /** How many rows a pass gave and a hash of their ids in order, to tell whether two passes agree. */
    private static final class RowTally {
        private long count;
        private long idHash = 1;

        void add(VectorRow row) {
            count++;
            idHash = 31 * idHash + row.id().hashCode();
        }
    }
}
