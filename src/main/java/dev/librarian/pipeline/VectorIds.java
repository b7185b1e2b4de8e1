package dev.librarian.pipeline;

import dev.librarian.graph.EntityNode;
import dev.librarian.graph.RelationEdge;
import dev.librarian.intake.DocumentIds;
import dev.librarian.model.RelationKey;

/** LightRAG's vector record ids and embedded-content templates. */
public final class VectorIds {

    private VectorIds() {
    }

    public static String entity(String name) {
        return "ent-" + DocumentIds.md5Hex(name);
    }

    public static String relation(RelationKey key) {
        return "rel-" + DocumentIds.md5Hex(key.first() + key.second());
    }

    /** The id LightRAG deletes before every relation upsert: the ends in the other order. */
    public static String reversedRelation(RelationKey key) {
        return "rel-" + DocumentIds.md5Hex(key.second() + key.first());
    }

    public static String entityContent(EntityNode node) {
        return node.name() + "\n" + node.description();
    }

    public static String relationContent(RelationEdge edge) {
        RelationKey key = edge.key();
        return edge.keywords() + "\t" + key.first() + "\n" + key.second() + "\n" + edge.description();
    }
}
