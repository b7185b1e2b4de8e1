package dev.librarian.graph;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnowledgeGraphTest {

    private static EntityNode entity(String name, String type) {
        return new EntityNode(name, type, name + " description", "chunk-1", "notes.txt", 100, "");
    }

    private static RelationEdge relation(String a, String b, double weight) {
        return new RelationEdge(a, b, weight, a + " knows " + b, "knows", "chunk-1", "notes.txt", 200, "");
    }

    private static KnowledgeGraph sample() {
        KnowledgeGraph g = new KnowledgeGraph();
        g.putEntity(entity("Alice", "person"));
        g.putEntity(entity("Bob", "person"));
        g.putEntity(entity("Acme", "organization"));
        g.putRelation(relation("Alice", "Bob", 1));
        g.putRelation(relation("Alice", "Acme", 2));
        return g;
    }

    @Test
    void replacingKeepsInsertionOrder() {
        KnowledgeGraph g = sample();
        g.putEntity(entity("Alice", "founder"));
        assertEquals(List.of("Alice", "Bob", "Acme"), g.entities().stream().map(EntityNode::name).toList());
        assertEquals("founder", g.entity("Alice").orElseThrow().type());
        assertEquals(2, g.degree("Alice"), "replacing an entity keeps its relations");

        g.putRelation(relation("Bob", "Alice", 5));
        assertEquals(2, g.relationCount());
        assertEquals(5.0, g.relations().get(0).weight());
        assertEquals(5.0, g.relation("Alice", "Bob").orElseThrow().weight());
        assertEquals(5.0, g.relation("Bob", "Alice").orElseThrow().weight());
    }

    @Test
    void relationsNeedExistingEndsAndNoSelfLoops() {
        KnowledgeGraph g = sample();
        assertThrows(IllegalStateException.class, () -> g.putRelation(relation("Alice", "Zed", 1)));
        assertThrows(IllegalArgumentException.class, () -> g.putRelation(relation("Bob", "Bob", 1)));
        assertEquals(2, g.relationCount());
    }

    @Test
    void removingAnEntityRemovesItsRelations() {
        KnowledgeGraph g = sample();
        assertTrue(g.removeEntity("Alice"));
        assertFalse(g.removeEntity("Alice"));
        assertEquals(0, g.relationCount());
        assertEquals(0, g.degree("Bob"));
        assertEquals(0, g.degree("nobody"));
        assertTrue(g.relation("Alice", "Bob").isEmpty());
        assertEquals(2, g.entityCount());
    }

    @Test
    void relationsOfAndRemoveRelation() {
        KnowledgeGraph g = sample();
        assertEquals(2, g.relationsOf("Alice").size());
        assertEquals(List.of("Alice"), g.relationsOf("Bob").stream().map(RelationEdge::source).toList());
        assertTrue(g.relationsOf("nobody").isEmpty());
        assertTrue(g.removeRelation("Acme", "Alice"));
        assertFalse(g.removeRelation("Acme", "Alice"));
        assertEquals(1, g.degree("Alice"));
        KnowledgeGraph.Snapshot snapshot = g.snapshot();
        assertEquals(3, snapshot.entities().size());
        assertEquals(1, snapshot.relations().size());
    }

    @Test
    void nullTextFieldsBecomeEmpty() {
        EntityNode node = new EntityNode("X", null, null, null, null, 0, null);
        assertEquals("", node.type());
        assertEquals("", node.truncate());
        RelationEdge edge = new RelationEdge("b", "a", 1, null, null, null, null, 0, null);
        assertEquals("", edge.keywords());
        assertEquals("a", edge.key().first());
    }
}
