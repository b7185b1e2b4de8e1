package dev.librarian.query;

import dev.librarian.graph.EntityNode;

/**
 * An entity chosen for the context, with its graph attributes.
 *
 * @param name        entity name
 * @param type        entity type ({@code UNKNOWN} when the graph has none)
 * @param description description ({@code <SEP>}-joined fragments or a summary)
 * @param sourceId    chunk ids joined by {@code <SEP>}
 * @param filePath    file paths joined by {@code <SEP>}
 * @param createdAt   unix seconds (of the vector record for local hits, of the node otherwise)
 * @param rank        the entity's degree in the graph
 */
public record RetrievedEntity(String name, String type, String description, String sourceId, String filePath,
                              long createdAt, int rank) {

    static RetrievedEntity of(EntityNode node, int rank, long createdAt) {
        return new RetrievedEntity(node.name(), node.type().isBlank() ? "UNKNOWN" : node.type(),
                node.description(), node.sourceId(), node.filePath(), createdAt, rank);
    }
}
