package dev.librarian.vector;

import java.util.Map;

/**
 * A query hit: the record's id, creation time and meta fields (not its vector, which a question never needs) and
 * its cosine similarity to the query (LightRAG's {@code distance}).
 *
 * @param id        the {@code __id__}
 * @param createdAt the {@code __created_at__}, unix seconds
 * @param meta      the stored meta fields, in LightRAG's order
 * @param score     cosine similarity in [-1, 1]
 */
public record VectorHit(String id, long createdAt, Map<String, Object> meta, double score) {
}
