package dev.librarian.vector;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.store.LightRagJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams the rows of a NanoVectorDB file ({@code vdb_<namespace>.json}, LightRAG §1.8) one at a time, holding
 * neither the file, nor its {@code data} list, nor its base64 {@code matrix} in memory. It reads the file twice:
 * {@link VdbFileScan} first checks the dimension and, only when some row has no usable {@code vector} field, decodes
 * the matrix into a temporary file; the second pass hands over the rows, taking such a row's vector from the matrix.
 * Both passes read the same open file, so an atomic replacement in between does not mix two versions. Rows without
 * an {@code __id__} or without any usable vector are skipped with a warning, as the tests' {@code NanoVectorStore}
 * does.
 */
public final class VdbFileReader {

    private static final Logger LOG = LoggerFactory.getLogger(VdbFileReader.class);

    /** What a read handed over, and the file's top-level keys other than embedding_dim, data and matrix. */
    public record ReadSummary(long rowsRead, ObjectNode extras) {
    }

    private VdbFileReader() {
    }

    /**
     * Hands every usable row of {@code file} to {@code consumer} in file order. A missing or blank file holds no
     * rows. A file whose {@code embedding_dim} is not {@code dim} is refused with an {@link IOException} that says
     * what to do, before any row is handed over.
     */
    public static ReadSummary read(Path file, int dim, VdbRowConsumer consumer) throws IOException {
        if (dim <= 0) {
            throw new IllegalArgumentException("embedding dimension must be positive, not " + dim);
        }
        if (!Files.exists(file)) {
            return new ReadSummary(0, LightRagJson.mapper().createObjectNode());
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             VdbFileScan scan = VdbFileScan.scan(file, fromStart(channel), dim)) {
            if (scan.blank()) {
                LOG.warn("{} is empty; it holds no rows", file);
                return new ReadSummary(0, scan.extras());
            }
            long read = handOverRows(file, fromStart(channel), dim, scan, consumer);
            return new ReadSummary(read, scan.extras());
        }
    }

    /** The channel's bytes from the start; closing the stream leaves the channel open for the next pass. */
    private static InputStream fromStart(FileChannel channel) throws IOException {
        return new FilterInputStream(Channels.newInputStream(channel.position(0))) {
            @Override
            public void close() {
            }
        };
    }

    private static long handOverRows(Path file, InputStream content, int dim, VdbFileScan scan,
                                     VdbRowConsumer consumer) throws IOException {
        long handedOver = 0;
        try (JsonParser parser = LightRagJson.openParser(content);
             MatrixRows matrix = new MatrixRows(scan.matrixFile(), dim)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (parser.nextToken() != JsonToken.START_ARRAY || !name.equals("data")) {
                    parser.skipChildren();
                    continue;
                }
                long index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    JsonNode element = parser.readValueAsTree();
                    VectorRow row = toRow(element, matrix.next(), dim);
                    if (row == null) {
                        LOG.warn("{}: skipping data[{}], which has neither an __id__ nor a usable vector", file, index);
                    } else {
                        consumer.accept(row);
                        handedOver++;
                    }
                    index++;
                }
            }
        }
        return handedOver;
    }

    private static VectorRow toRow(JsonNode element, float[] matrixRow, int dim) {
        if (!(element instanceof ObjectNode record) || !record.path("__id__").isValueNode()) {
            return null;
        }
        JsonNode encoded = record.path("vector");
        float[] vector = encoded.isTextual() ? VectorCodec.decodeHalfZlib(encoded.textValue(), dim) : null;
        if (vector == null) {
            vector = matrixRow;
        }
        if (vector == null) {
            return null;
        }
        String id = record.get("__id__").asText();
        long createdAt = record.path("__created_at__").asLong(0);
        record.remove(NanoVectorFile.RESERVED);
        return new VectorRow(id, createdAt, record, vector);
    }

    /** The rows of a decoded little-endian float32 matrix, read in order; all {@code null} without a matrix. */
    private static final class MatrixRows implements Closeable {
        private final InputStream in;
        private final byte[] row;

        MatrixRows(Path matrixFile, int dim) throws IOException {
            this.in = matrixFile == null ? null : new BufferedInputStream(Files.newInputStream(matrixFile), 1 << 16);
            this.row = new byte[dim * Float.BYTES];
        }

        float[] next() throws IOException {
            if (in == null) {
                return null;
            }
            if (in.readNBytes(row, 0, row.length) != row.length) {
                throw new EOFException("the decoded matrix ended early");
            }
            float[] v = new float[row.length / Float.BYTES];
            ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            return v;
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
