package dev.librarian.query;

import dev.librarian.graph.EntityNode;
import dev.librarian.graph.KnowledgeGraph;
import dev.librarian.graph.RelationEdge;
import dev.librarian.library.LibraryStores;
import dev.librarian.model.RelationKey;
import dev.librarian.vector.VectorHit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The two graph searches of §8. Local: entities by vector similarity to the low-level keywords, then every relation
 * of those entities, ranked by edge degree and weight. Global: relations by vector similarity to the high-level
 * keywords, then their end entities in order of first appearance. Hits whose node or edge is no longer in the
 * graph are skipped.
 */
final class GraphSearch {

    /** Entities and relations found by one search, in result order. */
    record Hits(List<RetrievedEntity> entities, List<RetrievedRelation> relations) {
        static final Hits NONE = new Hits(List.of(), List.of());
    }

    private final LibraryStores stores;
    private final double threshold;

    GraphSearch(LibraryStores stores, double threshold) {
        this.stores = stores;
        this.threshold = threshold;
    }

    Hits local(float[] lowLevelVector, int topK) {
        KnowledgeGraph graph = stores.graph();
        Degrees degrees = new Degrees(graph);
        List<RetrievedEntity> entities = new ArrayList<>();
        for (VectorHit hit : stores.entitiesVdb().query(lowLevelVector, topK, threshold)) {
            String name = text(hit.meta().get("entity_name"));
            Optional<EntityNode> node = name == null ? Optional.empty() : graph.entity(name);
            node.ifPresent(n -> entities.add(RetrievedEntity.of(n, degrees.of(n.name()), hit.createdAt())));
        }
        Set<RelationKey> seen = new LinkedHashSet<>();
        List<RetrievedRelation> relations = new ArrayList<>();
        for (RetrievedEntity e : entities) {
            for (RelationEdge edge : graph.relationsOf(e.name())) {
                RelationKey key = edge.key();
                if (seen.add(key)) {
                    relations.add(RetrievedRelation.of(edge, degrees.of(key.first()) + degrees.of(key.second())));
                }
            }
        }
        // stable: equal rank and weight keep the order the edges were collected in
        relations.sort(Comparator.comparingInt(RetrievedRelation::rank)
                .thenComparingDouble(RetrievedRelation::weight).reversed());
        return new Hits(entities, relations);
    }

    Hits global(float[] highLevelVector, int topK) {
        KnowledgeGraph graph = stores.graph();
        Degrees degrees = new Degrees(graph);
        List<RetrievedRelation> relations = new ArrayList<>();
        for (VectorHit hit : stores.relationshipsVdb().query(highLevelVector, topK, threshold)) {
            String src = text(hit.meta().get("src_id"));
            String tgt = text(hit.meta().get("tgt_id"));
            if (src == null || tgt == null) {
                continue;
            }
            graph.relation(src, tgt).ifPresent(edge -> relations.add(RetrievedRelation.of(edge,
                    degrees.of(edge.key().first()) + degrees.of(edge.key().second()))));
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (RetrievedRelation r : relations) {
            names.add(r.source());
            names.add(r.target());
        }
        List<RetrievedEntity> entities = new ArrayList<>(names.size());
        for (String name : names) {
            graph.entity(name).ifPresent(n -> entities.add(RetrievedEntity.of(n, degrees.of(name), n.createdAt())));
        }
        return new Hits(entities, relations);
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isEmpty() ? s : null;
    }

    /** Node degrees looked up once per search. */
    private static final class Degrees {
        private final KnowledgeGraph graph;
        private final Map<String, Integer> known = new HashMap<>();

        Degrees(KnowledgeGraph graph) {
            this.graph = graph;
        }

        int of(String name) {
            return known.computeIfAbsent(name, graph::degree);
        }
    }
}
