package dev.librarian.graph;

import dev.librarian.model.RelationKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parts of a {@link KnowledgeGraph} small enough to look at: the entities within a few hops of one entity, the most
 * connected entities, and entity names matching a search. Callers hold the library's read lock, so the graph does
 * not change between the calls made here.
 */
public final class GraphNeighbourhood {

    /**
     * Entities and the relations among them.
     *
     * @param truncated true when entities that qualified were left out because of the node limit
     */
    public record Subgraph(List<EntityNode> entities, List<RelationEdge> relations, boolean truncated) {
        public static final Subgraph EMPTY = new Subgraph(List.of(), List.of(), false);
    }

    private final KnowledgeGraph graph;

    public GraphNeighbourhood(KnowledgeGraph graph) {
        this.graph = graph;
    }

    /**
     * Breadth-first from {@code name} up to {@code maxDepth} hops, at most {@code maxNodes} entities; within one hop
     * distance the best connected entities come first. Empty for an unknown entity.
     */
    public Subgraph around(String name, int maxDepth, int maxNodes) {
        if (graph.entity(name).isEmpty()) {
            return Subgraph.EMPTY;
        }
        Set<String> chosen = new LinkedHashSet<>();
        List<String> ring = List.of(name);
        boolean truncated = false;
        for (int depth = 0; !ring.isEmpty(); depth++) {
            List<String> ordered = byDegree(ring);
            int room = maxNodes - chosen.size();
            if (ordered.size() > room) {
                chosen.addAll(ordered.subList(0, room));
                truncated = true;
                break;
            }
            chosen.addAll(ordered);
            if (depth == maxDepth) {
                break;
            }
            Set<String> next = new LinkedHashSet<>();
            for (String entity : ordered) {
                for (String neighbour : neighbours(entity)) {
                    if (!chosen.contains(neighbour)) {
                        next.add(neighbour);
                    }
                }
            }
            ring = List.copyOf(next);
        }
        return induced(chosen, truncated);
    }

    /** The {@code maxNodes} best connected entities and the relations among them (LightRAG's label {@code *}). */
    public Subgraph mostConnected(int maxNodes) {
        List<String> names = byDegree(graph.entities().stream().map(EntityNode::name).toList());
        boolean truncated = names.size() > maxNodes;
        return induced(new LinkedHashSet<>(truncated ? names.subList(0, maxNodes) : names), truncated);
    }

    /** Every entity name, sorted. */
    public List<String> labels() {
        return graph.entities().stream().map(EntityNode::name).sorted().toList();
    }

    /** The {@code limit} entity names with the most relations. */
    public List<String> popular(int limit) {
        List<String> names = byDegree(graph.entities().stream().map(EntityNode::name).toList());
        return names.subList(0, Math.min(limit, names.size()));
    }

    /**
     * Entity names containing {@code query} (ignoring case): exact matches first, then names starting with it,
     * then names with it at a word start, then the rest; shorter names first within each group.
     */
    public List<String> search(String query, int limit) {
        String needle = query.strip().toLowerCase(Locale.ROOT);
        if (needle.isEmpty()) {
            return List.of();
        }
        record Match(String name, int rank) {
        }
        List<Match> matches = new ArrayList<>();
        for (EntityNode entity : graph.entities()) {
            String hay = entity.name().toLowerCase(Locale.ROOT);
            int at = hay.indexOf(needle);
            if (at < 0) {
                continue;
            }
            int rank = hay.equals(needle) ? 0 : at == 0 ? 1 : !Character.isLetterOrDigit(hay.charAt(at - 1)) ? 2 : 3;
            matches.add(new Match(entity.name(), rank));
        }
        matches.sort(Comparator.comparingInt(Match::rank).thenComparingInt((Match m) -> m.name().length())
                .thenComparing(Match::name));
        return matches.stream().limit(limit).map(Match::name).toList();
    }

    private List<String> neighbours(String name) {
        List<String> out = new ArrayList<>();
        for (RelationEdge edge : graph.relationsOf(name)) {
            out.add(edge.source().equals(name) ? edge.target() : edge.source());
        }
        return out;
    }

    /** Highest degree first; ties by name so the answer does not depend on insertion order. */
    private List<String> byDegree(List<String> names) {
        Map<String, Integer> degree = new LinkedHashMap<>();
        names.forEach(n -> degree.put(n, graph.degree(n)));
        List<String> sorted = new ArrayList<>(degree.keySet());
        sorted.sort(Comparator.comparingInt((String n) -> -degree.get(n)).thenComparing(Comparator.naturalOrder()));
        return sorted;
    }

    private Subgraph induced(Set<String> names, boolean truncated) {
        List<EntityNode> entities = new ArrayList<>();
        Map<RelationKey, RelationEdge> relations = new LinkedHashMap<>();
        for (String name : names) {
            graph.entity(name).ifPresent(entities::add);
            for (RelationEdge edge : graph.relationsOf(name)) {
                if (names.contains(edge.source()) && names.contains(edge.target())) {
                    relations.putIfAbsent(edge.key(), edge);
                }
            }
        }
        return new Subgraph(List.copyOf(entities), List.copyOf(relations.values()), truncated);
    }
}
