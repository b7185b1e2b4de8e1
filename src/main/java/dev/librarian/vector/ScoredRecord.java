package dev.librarian.vector;

/**
 * A query hit: the record and its cosine similarity to the query (LightRAG's {@code distance}).
 *
 * @param record the matching record
 * @param score  cosine similarity in [-1, 1]
 */
public record ScoredRecord(VectorRecord record, double score) {
}
