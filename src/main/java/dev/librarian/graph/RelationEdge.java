package dev.librarian.graph;

import dev.librarian.model.RelationKey;

import java.util.Objects;

/**
 * The attributes of one undirected graph edge as LightRAG stores them (§1.9). {@code source}/{@code target} keep the
 * order they were given in; {@link #key()} is the order-free identity. Null text fields become {@code ""}.
 *
 * @param source      one end (entity name)
 * @param target      the other end (entity name)
 * @param weight      running sum of extraction weights
 * @param description fragments joined by {@code <SEP>}, or one summary
 * @param keywords    sorted, de-duplicated keywords joined by {@code ","}
 * @param sourceId    chunk ids joined by {@code <SEP>}
 * @param filePath    file paths joined by {@code <SEP>}
 * @param createdAt   unix seconds
 * @param truncate    {@code ""}, {@code "KEEP Old"} or {@code "FIFO n/m"}
 */
public record RelationEdge(String source, String target, double weight, String description, String keywords,
                           String sourceId, String filePath, long createdAt, String truncate) {

    public RelationEdge {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        description = Objects.requireNonNullElse(description, "");
        keywords = Objects.requireNonNullElse(keywords, "");
        sourceId = Objects.requireNonNullElse(sourceId, "");
        filePath = Objects.requireNonNullElse(filePath, "");
        truncate = Objects.requireNonNullElse(truncate, "");
    }

    /** The undirected identity of this edge (ends sorted). */
    public RelationKey key() {
        return RelationKey.of(source, target);
    }
}
