package dev.librarian.vector;

import java.util.Map;

/**
 * The in-memory form of one NanoVectorDB record, immutable by convention: the raw embedding as stored (float16
 * precision), its L2-normalised matrix row, and the encoded {@code vector} field so flushing need not re-compress it.
 */
record StoredRow(String id, long createdAt, Map<String, Object> meta, float[] raw, float[] unit, String encodedVector) {

    /** A copy safe to hand to callers. */
    VectorRecord toRecord() {
        return new VectorRecord(id, createdAt, meta, raw.clone());
    }
}
