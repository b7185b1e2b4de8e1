package dev.librarian.vector;

import java.util.Map;

/**
 * One NanoVectorDB row: its id, creation time (unix seconds), the stored meta fields and the raw (non-normalised)
 * embedding as stored, i.e. the float16 copy LightRAG keeps in the {@code vector} field (or the matrix row when a
 * record has no such copy). Instances handed out by the tests' {@code NanoVectorStore} own their array and map.
 *
 * @param id        the {@code __id__}
 * @param createdAt the {@code __created_at__}, unix seconds
 * @param meta      the stored meta fields, in file order
 * @param vector    the embedding as stored
 */
public record VectorRecord(String id, long createdAt, Map<String, Object> meta, float[] vector) {
}
