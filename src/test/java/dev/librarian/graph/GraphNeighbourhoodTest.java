package dev.librarian.graph;

import dev.librarian.graph.GraphNeighbourhood.Subgraph;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pieces of the graph the graph view shows: hops around an entity, node limits, label search. */
class GraphNeighbourhoodTest {

    /**
     * Hub — A, B, C (first ring); A — A1, A2; B — B1 (second ring); A1 — Far (third ring); Lone has no relations.
     */
    private static KnowledgeGraph sample() {
        KnowledgeGraph g = new KnowledgeGraph();
        for (String name : List.of("Hub", "A", "B", "C", "A1", "A2", "B1", "Far", "Lone")) {
            g.putEntity(new EntityNode(name, "person", name + " desc", "chunk-1", "notes.txt", 1, ""));
        }
        link(g, "Hub", "A");
        link(g, "Hub", "B");
        link(g, "Hub", "C");
        link(g, "A", "A1");
        link(g, "A", "A2");
        link(g, "B", "B1");
        link(g, "A1", "Far");
        return g;
    }

    private static void link(KnowledgeGraph g, String a, String b) {
        g.putRelation(new RelationEdge(a, b, 1, a + "-" + b, "k", "chunk-1", "notes.txt", 1, ""));
    }

    private static Set<String> names(Subgraph sub) {
        return sub.entities().stream().map(EntityNode::name).collect(Collectors.toSet());
    }

    @Test
    void should_take_the_entities_within_the_given_hops_and_the_relations_among_them() {
        GraphNeighbourhood hood = new GraphNeighbourhood(sample());

        Subgraph one = hood.around("Hub", 1, 100);
        assertEquals(Set.of("Hub", "A", "B", "C"), names(one));
        assertEquals(3, one.relations().size(), "only relations between chosen entities");
        assertFalse(one.truncated(), "a depth limit is not a truncation");

        Subgraph two = hood.around("Hub", 2, 100);
        assertEquals(Set.of("Hub", "A", "B", "C", "A1", "A2", "B1"), names(two));
        assertEquals(6, two.relations().size());
        assertEquals("Hub", two.entities().get(0).name(), "the asked entity comes first");
    }

    @Test
    void should_keep_the_best_connected_entities_of_a_ring_when_the_node_limit_cuts_it() {
        Subgraph sub = new GraphNeighbourhood(sample()).around("Hub", 2, 3);

        assertEquals(List.of("Hub", "A", "B"), sub.entities().stream().map(EntityNode::name).toList(),
                "A has 3 relations, B 2, C 1");
        assertTrue(sub.truncated());
        assertEquals(2, sub.relations().size());
    }

    @Test
    void should_answer_nothing_for_an_unknown_entity_and_only_itself_for_a_lonely_one() {
        GraphNeighbourhood hood = new GraphNeighbourhood(sample());

        assertTrue(hood.around("Nobody", 3, 100).entities().isEmpty());
        Subgraph lone = hood.around("Lone", 3, 100);
        assertEquals(Set.of("Lone"), names(lone));
        assertTrue(lone.relations().isEmpty());
    }

    @Test
    void should_list_search_and_rank_labels() {
        GraphNeighbourhood hood = new GraphNeighbourhood(sample());

        assertEquals(List.of("A", "A1", "A2", "B", "B1", "C", "Far", "Hub", "Lone"), hood.labels());
        assertEquals(List.of("A", "Hub", "A1", "B"), hood.popular(4), "by relations, ties by name");
        assertEquals(List.of("A", "A1", "A2", "Far"), hood.search("a", 10),
                "exact match, then prefixes (shorter first), then the rest");
        assertEquals(List.of("A", "A1"), hood.search("a", 2));
        assertEquals(List.of("A1", "B1"), hood.search("1", 10));
        assertTrue(hood.search("  ", 10).isEmpty());
    }

    @Test
    void should_take_the_best_connected_entities_for_the_whole_graph() {
        Subgraph sub = new GraphNeighbourhood(sample()).mostConnected(2);

        assertEquals(Set.of("A", "Hub"), names(sub));
        assertEquals(1, sub.relations().size());
        assertTrue(sub.truncated());
        assertFalse(new GraphNeighbourhood(sample()).mostConnected(100).truncated());
    }
}
