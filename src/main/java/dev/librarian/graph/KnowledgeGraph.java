package dev.librarian.graph;

import dev.librarian.model.RelationKey;
import org.jgrapht.Graph;
import org.jgrapht.graph.SimpleGraph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The undirected entity–relation graph LightRAG keeps in NetworkX: at most one edge per pair of entities, no
 * self-loops, and attributes on nodes ({@link EntityNode}) and edges ({@link RelationEdge}). A JGraphT
 * {@link SimpleGraph} whose vertices are the entity names holds the structure; entities and relations are listed in
 * insertion order, and replacing one keeps its position. Thread-safe (internal ReadWriteLock).
 */
public final class KnowledgeGraph {

    /** A consistent view of the whole graph, taken under one lock. */
    public record Snapshot(List<EntityNode> entities, List<RelationEdge> relations) {
    }

    /** JGraphT edge object; identity-based, so equal attributes never collide. Mutated only under the write lock. */
    private static final class Link {
        private RelationEdge edge;

        private Link(RelationEdge edge) {
            this.edge = edge;
        }
    }

    private final Graph<String, Link> graph = new SimpleGraph<>(null, null, false);
    private final Map<String, EntityNode> nodes = new LinkedHashMap<>();
    private final Map<RelationKey, Link> links = new LinkedHashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    public KnowledgeGraph() {
    }

    public Optional<EntityNode> entity(String name) {
        return read(() -> Optional.ofNullable(nodes.get(name)));
    }

    /** Inserts the entity, or replaces the attributes of the one with the same name (keeping its edges). */
    public void putEntity(EntityNode node) {
        Objects.requireNonNull(node, "node");
        write(() -> {
            if (nodes.put(node.name(), node) == null) {
                graph.addVertex(node.name());
            }
            return null;
        });
    }

    /** Removes the entity and all its relations; false if it was unknown. */
    public boolean removeEntity(String name) {
        return write(() -> {
            if (!nodes.containsKey(name)) {
                return false;
            }
            for (Link link : graph.edgesOf(name)) {
                links.remove(link.edge.key());
            }
            graph.removeVertex(name);
            nodes.remove(name);
            return true;
        });
    }

    /** The relation between {@code a} and {@code b}, in either order. */
    public Optional<RelationEdge> relation(String a, String b) {
        return read(() -> Optional.ofNullable(links.get(RelationKey.of(a, b))).map(l -> l.edge));
    }

    /**
     * Inserts the relation, or replaces the one between the same two entities (in either order).
     *
     * @throws IllegalArgumentException for a self-loop
     * @throws IllegalStateException    when an endpoint entity does not exist
     */
    public void putRelation(RelationEdge edge) {
        Objects.requireNonNull(edge, "edge");
        if (edge.source().equals(edge.target())) {
            throw new IllegalArgumentException("self-loop relation on '" + edge.source() + "' is not allowed");
        }
        write(() -> {
            for (String end : List.of(edge.source(), edge.target())) {
                if (!nodes.containsKey(end)) {
                    throw new IllegalStateException("relation " + edge.source() + " – " + edge.target()
                            + " refers to unknown entity '" + end + "'");
                }
            }
            Link existing = links.get(edge.key());
            if (existing != null) {
                existing.edge = edge;
            } else {
                Link link = new Link(edge);
                graph.addEdge(edge.source(), edge.target(), link);
                links.put(edge.key(), link);
            }
            return null;
        });
    }

    public boolean removeRelation(String a, String b) {
        return write(() -> {
            Link link = links.remove(RelationKey.of(a, b));
            if (link == null) {
                return false;
            }
            graph.removeEdge(link);
            return true;
        });
    }

    /** Snapshot of all entities in insertion order. */
    public List<EntityNode> entities() {
        return read(() -> List.copyOf(nodes.values()));
    }

    /** Snapshot of all relations in insertion order. */
    public List<RelationEdge> relations() {
        return read(this::relationList);
    }

    /** Both lists taken under one lock, so every relation's endpoints are among the entities. */
    public Snapshot snapshot() {
        return read(() -> new Snapshot(List.copyOf(nodes.values()), relationList()));
    }

    private List<RelationEdge> relationList() {
        List<RelationEdge> out = new ArrayList<>(links.size());
        links.values().forEach(l -> out.add(l.edge));
        return List.copyOf(out);
    }

    /** The relations touching {@code name} (empty for an unknown entity). */
    public List<RelationEdge> relationsOf(String name) {
        return read(() -> {
            if (!graph.containsVertex(name)) {
                return List.of();
            }
            List<RelationEdge> out = new ArrayList<>();
            graph.edgesOf(name).forEach(l -> out.add(l.edge));
            return List.copyOf(out);
        });
    }

    /** Number of relations of {@code name}; 0 for an unknown entity. */
    public int degree(String name) {
        return read(() -> graph.containsVertex(name) ? graph.degreeOf(name) : 0);
    }

    public int entityCount() {
        return read(nodes::size);
    }

    public int relationCount() {
        return read(links::size);
    }

    private <T> T read(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T write(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            return action.get();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
