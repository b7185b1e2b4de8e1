package dev.librarian.query;

import dev.librarian.graph.RelationEdge;
import dev.librarian.model.RelationKey;

/**
 * A relation chosen for the context, with its graph attributes. The graph is undirected; {@code source} and
 * {@code target} are the ends in sorted order.
 *
 * @param source      one end (the lesser name)
 * @param target      the other end
 * @param description description
 * @param keywords    comma-joined keywords
 * @param weight      summed extraction weight
 * @param sourceId    chunk ids joined by {@code <SEP>}
 * @param filePath    file paths joined by {@code <SEP>}
 * @param createdAt   unix seconds
 * @param rank        edge degree: the sum of both ends' degrees
 */
public record RetrievedRelation(String source, String target, String description, String keywords, double weight,
                                String sourceId, String filePath, long createdAt, int rank) {

    static RetrievedRelation of(RelationEdge edge, int rank) {
        RelationKey key = edge.key();
        return new RetrievedRelation(key.first(), key.second(), edge.description(), edge.keywords(), edge.weight(),
                edge.sourceId(), edge.filePath(), edge.createdAt(), rank);
    }

    public RelationKey key() {
        return RelationKey.of(source, target);
    }
}
