package dev.librarian.model;

/**
 * One relation row the LLM extracted from one chunk. Relations are undirected; {@link #key()} orders the ends.
 *
 * @param source      one end, as written by the LLM
 * @param target      the other end
 * @param keywords    comma-separated keywords
 * @param description what the chunk says about the relation
 * @param weight      contribution to the edge weight (1.0 unless the LLM gave a number)
 * @param chunkId     the chunk it was read from
 * @param filePath    the chunk's document file name
 */
public record RelationRecord(String source, String target, String keywords, String description, double weight,
                             String chunkId, String filePath) {

    /** The undirected key: both ends in lexicographic order. */
    public RelationKey key() {
        return RelationKey.of(source, target);
    }
}
