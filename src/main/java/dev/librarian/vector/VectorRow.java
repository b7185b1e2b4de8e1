package dev.librarian.vector;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * One row of a NanoVectorDB file as it streams in or out: its {@code __id__}, {@code __created_at__} (unix seconds),
 * meta fields (without the reserved keys {@code __id__}, {@code __created_at__}, {@code vector}, {@code __vector__})
 * and embedding. Read from a file, the embedding is the row's {@code vector} field (float16 precision, not
 * normalised) or, for a row without one, its normalised float32 {@code matrix} row. Nothing is copied: whoever
 * builds a row hands over its node and array.
 *
 * @param id        the {@code __id__}
 * @param createdAt the {@code __created_at__}
 * @param meta      the meta fields, in file order
 * @param vector    the embedding
 */
public record VectorRow(String id, long createdAt, ObjectNode meta, float[] vector) {

    public VectorRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(vector, "vector");
    }
}
