package dev.librarian.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.store.AtomicFiles;
import dev.librarian.store.LightRagJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the NanoVectorDB JSON layout (LightRAG §1.8):
 * {@code {"embedding_dim": D, "data": [...], "matrix": base64(float32 LE, normalised rows)}}, compact with Python's
 * default separators. Writing streams the matrix straight into the atomic temp file. Unknown top-level keys survive
 * a load/save cycle.
 */
final class NanoVectorFile {

    private static final Logger LOG = LoggerFactory.getLogger(NanoVectorFile.class);
    /** Keys of a data row that are not meta fields. */
    static final Set<String> RESERVED = Set.of("__id__", "__created_at__", "vector", "__vector__");
    private static final Set<String> TOP_LEVEL = Set.of("embedding_dim", "data", "matrix");

    /** What a file held: its rows in file order and any extra top-level keys. */
    record Contents(List<StoredRow> rows, ObjectNode extras) {
    }

    private NanoVectorFile() {
    }

    static Contents read(Path file, int dim) throws IOException {
        ObjectMapper mapper = LightRagJson.mapper();
        if (!Files.exists(file)) {
            return new Contents(List.of(), mapper.createObjectNode());
        }
        JsonNode root = LightRagJson.readFile(file);
        if (root == null) {
            LOG.warn("{} is empty; starting with an empty vector store", file);
            return new Contents(List.of(), mapper.createObjectNode());
        }
        if (!root.isObject()) {
            throw new IOException(file + " is not a NanoVectorDB file: the top level is not a JSON object");
        }
        int fileDim = root.path("embedding_dim").asInt(-1);
        if (fileDim != dim) {
            throw new IllegalStateException(dimensionMismatch(file, fileDim, dim));
        }
        JsonNode data = root.path("data");
        int n = data.isArray() ? data.size() : 0;
        ByteBuffer matrix = decodeMatrix(file, root.path("matrix").asText(""), n, dim);

        List<StoredRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StoredRow row = readRow(data.get(i), matrix == null ? null : VectorCodec.matrixRow(matrix, i, dim), dim);
            if (row == null) {
                LOG.warn("{}: skipping data[{}], which has neither an __id__ nor a usable vector", file, i);
            } else {
                rows.add(row);
            }
        }
        ObjectNode extras = mapper.createObjectNode();
        root.fields().forEachRemaining(f -> {
            if (!TOP_LEVEL.contains(f.getKey())) {
                extras.set(f.getKey(), f.getValue());
            }
        });
        return new Contents(rows, extras);
    }

    /** Why a file of {@code fileDim}-dimensional vectors cannot be used with {@code dim}, and what to do. */
    static String dimensionMismatch(Path file, int fileDim, int dim) {
        return file.getFileName() + " holds " + fileDim + "-dimensional vectors but"
                + " EMBEDDING_DIM is " + dim + ": it was built with a different embedding model. Set EMBEDDING_DIM"
                + " back to " + fileDim + " (and use that model), or index again into an empty working directory.";
    }

    /** The matrix bytes, or {@code null} when the file has none (then rows come from their {@code vector} field). */
    private static ByteBuffer decodeMatrix(Path file, String b64, int n, int dim) throws IOException {
        if (b64.isEmpty()) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": \"matrix\" is not valid base64", e);
        }
        if (bytes.length != (long) n * dim * Float.BYTES) {
            throw new IOException(file + ": \"matrix\" holds " + bytes.length + " bytes but " + n + " records of "
                    + dim + " float32 values need " + ((long) n * dim * Float.BYTES));
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static StoredRow readRow(JsonNode record, float[] matrixRow, int dim) {
        if (record == null || !record.isObject() || !record.path("__id__").isValueNode()) {
            return null;
        }
        String encoded = record.path("vector").isTextual() ? record.get("vector").textValue() : null;
        float[] raw = encoded == null ? null : VectorCodec.decodeHalfZlib(encoded, dim);
        if (raw == null) {
            if (matrixRow == null) {
                return null;
            }
            raw = matrixRow;
            encoded = VectorCodec.encodeHalfZlib(raw);
        }
        float[] unit = VectorCodec.normalise(matrixRow != null ? matrixRow : raw);
        Map<String, Object> meta = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = record.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!RESERVED.contains(f.getKey())) {
                meta.put(f.getKey(), LightRagJson.mapper().convertValue(f.getValue(), Object.class));
            }
        }
        return new StoredRow(record.get("__id__").asText(), record.path("__created_at__").asLong(0),
                Collections.unmodifiableMap(meta), raw, unit, encoded);
    }

    static void write(Path file, int dim, List<StoredRow> rows, ObjectNode extras) throws IOException {
        ObjectMapper mapper = LightRagJson.mapper();
        AtomicFiles.write(file, out -> {
            Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            text.write("{\"embedding_dim\": " + dim + ", \"data\": [");
            for (int i = 0; i < rows.size(); i++) {
                if (i > 0) {
                    text.write(", ");
                }
                LightRagJson.writeCompact(recordNode(mapper, rows.get(i)), text);
            }
            text.write("], \"matrix\": \"");
            text.flush();
            try (OutputStream base64 = Base64.getEncoder().wrap(AtomicFiles.nonClosing(out))) {
                for (StoredRow row : rows) {
                    base64.write(VectorCodec.float32Bytes(row.unit()));
                }
            }
            text.write('"');
            Iterator<Map.Entry<String, JsonNode>> extra = extras.fields();
            while (extra.hasNext()) {
                Map.Entry<String, JsonNode> f = extra.next();
                text.write(", ");
                LightRagJson.writeCompact(mapper.getNodeFactory().textNode(f.getKey()), text);
                text.write(": ");
                LightRagJson.writeCompact(f.getValue(), text);
            }
            text.write('}');
            text.flush();
        });
    }

    private static ObjectNode recordNode(ObjectMapper mapper, StoredRow row) {
        ObjectNode node = mapper.createObjectNode();
        node.put("__id__", row.id());
        node.put("__created_at__", row.createdAt());
        row.meta().forEach((k, v) -> node.set(k, mapper.valueToTree(v)));
        node.put("vector", row.encodedVector());
        return node;
    }
}
