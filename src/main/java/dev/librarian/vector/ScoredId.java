package dev.librarian.vector;

/**
 * A hit of a {@link VectorIndex} query.
 *
 * @param id    the vector's id
 * @param score cosine similarity to the query, in [-1, 1]
 */
public record ScoredId(String id, float score) {
}
