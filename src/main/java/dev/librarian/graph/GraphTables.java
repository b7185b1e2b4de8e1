package dev.librarian.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.librarian.model.RelationKey;
import dev.librarian.store.LightRagJson;
import dev.librarian.store.db.LibraryDatabase;
import dev.librarian.store.db.RowCursor;
import dev.librarian.store.db.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The knowledge graph's rows in the store ({@code graph_nodes}, {@code graph_edges}, an edge under its sorted ends)
 * and the in-memory {@link KnowledgeGraph} that queries read. A change is written in the caller's transaction and
 * reaches the in-memory graph when that commits.
 */
public final class GraphTables {

    public static final String FILE = "graph_chunk_entity_relation.graphml";

    private final LibraryDatabase db;
    private final KnowledgeGraph graph;

    private GraphTables(LibraryDatabase db, KnowledgeGraph graph) {
        this.db = db;
        this.graph = graph;
    }

    /** Loads the stored graph into memory. */
    public static GraphTables load(LibraryDatabase db) {
        KnowledgeGraph graph = new KnowledgeGraph();
        db.readSnapshot(c -> {
            try (RowCursor<EntityNode> entities = entities(c); RowCursor<RelationEdge> relations = relations(c)) {
                entities.forEachRemaining(graph::putEntity);
                relations.forEachRemaining(graph::putRelation);
            }
            return null;
        });
        return new GraphTables(db, graph);
    }

    public KnowledgeGraph graph() {
        return graph;
    }

    public void putEntity(EntityNode node) {
        db.write(c -> {
            insert(db, node);
            db.afterCommit(() -> graph.putEntity(node));
            return null;
        });
    }

    public void removeEntity(String name) {
        db.write(c -> {
            PreparedStatement edges = db.statement("DELETE FROM graph_edges WHERE src = ? OR tgt = ?");
            edges.setString(1, name);
            edges.setString(2, name);
            edges.executeUpdate();
            PreparedStatement node = db.statement("DELETE FROM graph_nodes WHERE name = ?");
            node.setString(1, name);
            node.executeUpdate();
            db.changes(FILE);
            db.afterCommit(() -> graph.removeEntity(name));
            return null;
        });
    }

    public void putRelation(RelationEdge edge) {
        db.write(c -> {
            insert(db, edge);
            db.afterCommit(() -> graph.putRelation(edge));
            return null;
        });
    }

    public void removeRelation(RelationKey key) {
        db.write(c -> {
            PreparedStatement s = db.statement("DELETE FROM graph_edges WHERE src = ? AND tgt = ?");
            s.setString(1, key.first());
            s.setString(2, key.second());
            s.executeUpdate();
            db.changes(FILE);
            db.afterCommit(() -> graph.removeRelation(key.first(), key.second()));
            return null;
        });
    }

    /** Stores {@code node} without touching any in-memory graph (an import: the graph is loaded afterwards). */
    public static void insert(LibraryDatabase db, EntityNode node) {
        db.write(c -> {
            PreparedStatement s = db.statement("INSERT INTO graph_nodes (name, node, seq) VALUES (?, ?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET node = excluded.node");
            s.setString(1, node.name());
            s.setString(2, json(node));
            s.setLong(3, db.nextSequence());
            s.executeUpdate();
            db.changes(FILE);
            return null;
        });
    }

    /** Stores {@code edge} (its ends must be stored) without touching any in-memory graph. */
    public static void insert(LibraryDatabase db, RelationEdge edge) {
        if (edge.source().equals(edge.target())) {
            return; // NetworkX files may hold self-loops; LightRAG's graph has none
        }
        RelationKey key = edge.key();
        db.write(c -> {
            PreparedStatement s = db.statement("INSERT INTO graph_edges (src, tgt, edge, seq)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (src, tgt) DO UPDATE SET edge = excluded.edge");
            s.setString(1, key.first());
            s.setString(2, key.second());
            s.setString(3, json(edge));
            s.setLong(4, db.nextSequence());
            s.executeUpdate();
            db.changes(FILE);
            return null;
        });
    }

    /** The stored entities in insertion order as they are read; the caller closes the cursor. */
    public static RowCursor<EntityNode> entities(Connection c) throws SQLException {
        return new RowCursor<>(c.prepareStatement("SELECT node FROM graph_nodes ORDER BY seq"),
                rs -> parse(rs.getString(1), EntityNode.class));
    }

    /** The stored relations in insertion order as they are read; the caller closes the cursor. */
    public static RowCursor<RelationEdge> relations(Connection c) throws SQLException {
        return new RowCursor<>(c.prepareStatement("SELECT edge FROM graph_edges ORDER BY seq"),
                rs -> parse(rs.getString(1), RelationEdge.class));
    }

    private static String json(Object value) {
        try {
            return LightRagJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write a graph element as JSON: " + e.getMessage(), e);
        }
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return LightRagJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored graph element is not readable: " + e.getMessage(), e);
        }
    }
}
