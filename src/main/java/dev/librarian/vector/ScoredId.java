package dev.librarian.vector;

/** A query hit of a {@link VectorIndex}: the id and its cosine similarity in [-1, 1]. */
public record ScoredId(String id, float score) {
}
