package dev.librarian.query;

/**
 * The embeddings a retrieval needs, each null when the mode or the keywords do not call for it.
 *
 * @param query     embedding of the query text (naive and mix search, and picking graph chunks by similarity)
 * @param lowLevel  embedding of the low-level keywords joined with ", " (entity search)
 * @param highLevel embedding of the high-level keywords joined with ", " (relation search)
 */
public record QueryVectors(float[] query, float[] lowLevel, float[] highLevel) {

    public static final QueryVectors NONE = new QueryVectors(null, null, null);
}
