package dev.librarian.vector;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.store.LightRagJson;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The first of {@link VdbFileReader}'s two passes over a NanoVectorDB file: checks {@code embedding_dim}, counts the
 * data rows, keeps the extra top-level keys and learns whether some row lacks a usable {@code vector} field. Only
 * then is the base64 {@code matrix} (which follows {@code data}) worth keeping: it is decoded as it streams into a
 * temporary file, deleted on {@link #close()}; otherwise it is decoded into nothing, just to check its size.
 */
final class VdbFileScan implements Closeable {

    private final boolean blank;
    private final long rows;
    private final ObjectNode extras;
    private final Path matrixFile;

    private VdbFileScan(boolean blank, long rows, ObjectNode extras, Path matrixFile) {
        this.blank = blank;
        this.rows = rows;
        this.extras = extras;
        this.matrixFile = matrixFile;
    }

    /** Whether the file holds nothing but whitespace. */
    boolean blank() {
        return blank;
    }

    /** How many elements {@code data} holds, usable rows or not. */
    long rows() {
        return rows;
    }

    ObjectNode extras() {
        return extras;
    }

    /** The decoded float32 matrix, or {@code null} when no row needs it or the file has none. */
    Path matrixFile() {
        return matrixFile;
    }

    @Override
    public void close() throws IOException {
        if (matrixFile != null) {
            Files.deleteIfExists(matrixFile);
        }
    }

    /** Scans {@code content}, the bytes of {@code file} (named in messages), expecting {@code dim}-dimensional rows. */
    static VdbFileScan scan(Path file, InputStream content, int dim) throws IOException {
        ObjectNode extras = LightRagJson.mapper().createObjectNode();
        Integer fileDim = null;
        long rows = 0;
        boolean dataSeen = false;
        boolean needsMatrix = false;
        long matrixBytes = 0;
        Path matrixFile = null;
        try (JsonParser parser = LightRagJson.openParser(content)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new VdbFileScan(true, 0, extras, null);
            }
            if (first != JsonToken.START_OBJECT) {
                throw new IOException(file + " is not a NanoVectorDB file: the top level is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "embedding_dim" -> {
                        fileDim = parser.<JsonNode>readValueAsTree().asInt(-1);
                        checkDimension(file, fileDim, dim);
                    }
                    case "data" -> {
                        dataSeen = true;
                        rows = 0;
                        needsMatrix = false;
                        if (parser.currentToken() != JsonToken.START_ARRAY) {
                            parser.skipChildren();
                            continue;
                        }
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            rows++;
                            needsMatrix |= rowNeedsMatrix(parser, dim);
                        }
                    }
                    case "matrix" -> {
                        deleteIfPresent(matrixFile);
                        matrixFile = null;
                        if (parser.currentToken() == JsonToken.VALUE_NULL) {
                            matrixBytes = 0;
                            continue;
                        }
                        if (parser.currentToken() != JsonToken.VALUE_STRING) {
                            throw new IOException(file + ": \"matrix\" is not a base64 string");
                        }
                        // a matrix ahead of the data is kept: which rows need it is not known yet
                        if (needsMatrix || !dataSeen) {
                            matrixFile = Files.createTempFile("librarian-vdb-matrix-", ".bin");
                            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(matrixFile), 1 << 16)) {
                                matrixBytes = decodeMatrix(file, parser, out);
                            }
                        } else {
                            matrixBytes = decodeMatrix(file, parser, OutputStream.nullOutputStream());
                        }
                    }
                    default -> extras.set(name, parser.readValueAsTree());
                }
            }
            if (fileDim == null) {
                throw new IOException(file + " is not a NanoVectorDB file: it has no \"embedding_dim\"");
            }
            long expected = rows * dim * Float.BYTES;
            if (matrixBytes != 0 && matrixBytes != expected) {
                throw new IOException(file + ": \"matrix\" holds " + matrixBytes + " bytes but " + rows
                        + " records of " + dim + " float32 values need " + expected);
            }
            if (matrixBytes == 0 || !needsMatrix) {
                deleteIfPresent(matrixFile);
                matrixFile = null;
            }
            return new VdbFileScan(false, rows, extras, matrixFile);
        } catch (IOException | RuntimeException e) {
            deleteIfPresent(matrixFile);
            throw e;
        }
    }

    static void checkDimension(Path file, int fileDim, int dim) throws IOException {
        if (fileDim != dim) {
            throw new IOException(NanoVectorFile.dimensionMismatch(file, fileDim, dim));
        }
    }

    /**
     * Reads the data element the parser is on; true when it is a row with an {@code __id__} but without a
     * {@code vector} field that decodes to {@code dim} values, i.e. a row whose vector only the matrix holds.
     */
    private static boolean rowNeedsMatrix(JsonParser parser, int dim) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return false;
        }
        boolean hasId = false;
        boolean usableVector = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("__id__")) {
                hasId = value.isScalarValue();
            } else if (field.equals("vector")) {
                usableVector = value == JsonToken.VALUE_STRING
                        && VectorCodec.decodeHalfZlib(parser.getText(), dim) != null;
            }
            parser.skipChildren();
        }
        return hasId && !usableVector;
    }

    /** Streams the base64 string the parser is on, decoded, into {@code out}; returns how many bytes it held. */
    private static long decodeMatrix(Path file, JsonParser parser, OutputStream out) throws IOException {
        long[] count = {0};
        OutputStream counting = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                count[0] += len;
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                count[0]++;
            }
        };
        try {
            parser.readBinaryValue(counting);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": \"matrix\" is not valid base64: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": \"matrix\" is not valid base64: " + e.getMessage(), e);
        }
        return count[0];
    }

    private static void deleteIfPresent(Path temp) throws IOException {
        if (temp != null) {
            Files.deleteIfExists(temp);
        }
    }
}
