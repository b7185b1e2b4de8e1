package dev.librarian.api;

import dev.librarian.graph.EntityNode;
import dev.librarian.graph.GraphNeighbourhood.Subgraph;
import dev.librarian.graph.GraphNeighbourhood;
import dev.librarian.graph.KnowledgeGraph;
import dev.librarian.graph.RelationEdge;
import dev.librarian.library.LibraryStores;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LightRAG's graph read API: {@code GET /graphs} (the knowledge graph around an entity) and
 * {@code GET /graph/label/list|popular|search}. Every answer is read under the library's read lock, so a document
 * being merged shows completely or not at all.
 */
public final class GraphApi {

    /** LightRAG's label for "the whole graph" (its best connected part). */
    public static final String ALL = "*";

    private final KnowledgeGraph graph;
    private final GraphNeighbourhood neighbourhood;
    private final int maxGraphNodes;

    public GraphApi(LibraryStores stores, int maxGraphNodes) {
        this.graph = stores.graph();
        this.neighbourhood = new GraphNeighbourhood(graph);
        this.maxGraphNodes = maxGraphNodes;
    }

    /** {@code GET /graph/label/list}: every entity name, sorted. */
    public List<String> labels() {
        return neighbourhood.labels();
    }

    /** {@code GET /graph/label/popular?limit=300}: entity names by number of relations. */
    public List<String> popular(String limit) {
        int n = number("limit", limit, 300, 1, 1000);
        return neighbourhood.popular(n);
    }

    /** {@code GET /graph/label/search?q=…&limit=50}. */
    public List<String> search(String query, String limit) {
        if (query == null || query.isBlank()) {
            throw new BadRequestException("q is required: the text to look for in entity names");
        }
        int n = number("limit", limit, 50, 1, 100);
        return neighbourhood.search(query, n);
    }

    /** {@code GET /graph/entity/exists?name=…}: {@code {"exists": true|false}}, the name matched exactly. */
    public Map<String, Object> exists(String name) {
        if (name == null || name.isBlank()) {
            throw new BadRequestException("name is required: the entity name to look for");
        }
        return Map.of("exists", graph.entity(name).isPresent());
    }

    /**
     * {@code GET /graphs?label=…&max_depth=3&max_nodes=1000}: {@code {"nodes":[{id, labels, properties}],
     * "edges":[{id, type, source, target, properties}], "is_truncated"}}; no nodes for an unknown entity.
     */
    public Map<String, Object> graph(String label, String maxDepth, String maxNodes) {
        if (label == null || label.isBlank()) {
            throw new BadRequestException("label is required: an entity name, or * for the best connected entities");
        }
        int depth = number("max_depth", maxDepth, 3, 1, 100);
        int nodes = Math.min(number("max_nodes", maxNodes, maxGraphNodes, 1, Integer.MAX_VALUE), maxGraphNodes);
        Subgraph sub = ALL.equals(label.strip())
                ? neighbourhood.mostConnected(nodes)
                : neighbourhood.around(label, depth, nodes);
        List<Map<String, Object>> nodeList = new ArrayList<>();
        sub.entities().forEach(e -> nodeList.add(node(e)));
        List<Map<String, Object>> edgeList = new ArrayList<>();
        sub.relations().forEach(r -> edgeList.add(edge(r)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nodes", nodeList);
        body.put("edges", edgeList);
        body.put("is_truncated", sub.truncated());
        return body;
    }

    private static Map<String, Object> node(EntityNode e) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("entity_id", e.name());
        properties.put("entity_type", e.type());
        properties.put("description", e.description());
        properties.put("source_id", e.sourceId());
        properties.put("file_path", e.filePath());
        properties.put("created_at", e.createdAt());
        properties.put("truncate", e.truncate());
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", e.name());
        node.put("labels", List.of(e.name()));
        node.put("properties", properties);
        return node;
    }

    /** Ends in sorted order and the id {@code "a-b"}, as LightRAG gives them; its type is always "DIRECTED". */
    private static Map<String, Object> edge(RelationEdge r) {
        boolean swap = r.source().compareTo(r.target()) > 0;
        String source = swap ? r.target() : r.source();
        String target = swap ? r.source() : r.target();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("weight", r.weight());
        properties.put("description", r.description());
        properties.put("keywords", r.keywords());
        properties.put("source_id", r.sourceId());
        properties.put("file_path", r.filePath());
        properties.put("created_at", r.createdAt());
        properties.put("truncate", r.truncate());
        Map<String, Object> edge = new LinkedHashMap<>();
        edge.put("id", source + "-" + target);
        edge.put("type", "DIRECTED");
        edge.put("source", source);
        edge.put("target", target);
        edge.put("properties", properties);
        return edge;
    }

    private static int number(String name, String value, int dflt, int min, int max) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a whole number, not '" + value + "'");
        }
        if (n < min || n > max) {
            throw new BadRequestException(name + " must be between " + min + " and " + max + ", not " + n);
        }
        return n;
    }
}
