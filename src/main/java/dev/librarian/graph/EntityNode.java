package dev.librarian.graph;

import java.util.Objects;

/**
 * The attributes of one graph node as LightRAG stores them (§1.9); the node id and {@code entity_id} are the name.
 * Null text fields become {@code ""}.
 *
 * @param name        entity name (node id), case kept
 * @param type        lower-case type without spaces, or {@code UNKNOWN}
 * @param description fragments joined by {@code <SEP>}, or one summary
 * @param sourceId    chunk ids joined by {@code <SEP>}
 * @param filePath    file paths joined by {@code <SEP>}
 * @param createdAt   unix seconds
 * @param truncate    {@code ""}, {@code "KEEP Old"} or {@code "FIFO n/m"}
 */
public record EntityNode(String name, String type, String description, String sourceId, String filePath,
                         long createdAt, String truncate) {

    public EntityNode {
        Objects.requireNonNull(name, "name");
        type = Objects.requireNonNullElse(type, "");
        description = Objects.requireNonNullElse(description, "");
        sourceId = Objects.requireNonNullElse(sourceId, "");
        filePath = Objects.requireNonNullElse(filePath, "");
        truncate = Objects.requireNonNullElse(truncate, "");
    }
}
