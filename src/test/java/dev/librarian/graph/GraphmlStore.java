package dev.librarian.graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes {@code graph_chunk_entity_relation.graphml} in the form NetworkX (and so LightRAG) reads and
 * writes it (§1.9): an undirected GraphML graph whose node ids are entity names, with the entity attributes on nodes
 * and the relation attributes on edges. Both directions go through jgrapht-io ({@link GraphmlImport},
 * {@link GraphmlExport}); writing is atomic.
 */
public final class GraphmlStore {

    private GraphmlStore() {
    }

    /**
     * Loads a graph; a missing file gives an empty graph. Keys are resolved by {@code attr.name}; missing attributes
     * default to {@code ""}, 0 and weight 1.0; self-loops are skipped and a repeated edge replaces the earlier one.
     */
    public static KnowledgeGraph read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new KnowledgeGraph();
        }
        return GraphmlImport.read(file);
    }

    /**
     * Writes the graph atomically ({@code edgedefault="undirected"}). Node attributes: entity_id, entity_type,
     * description, source_id, file_path, created_at (long), truncate; edge attributes: weight (double), description,
     * keywords, source_id, file_path, created_at (long), truncate. Characters XML cannot hold are dropped.
     */
    public static void write(KnowledgeGraph graph, Path file) throws IOException {
        GraphmlExport.write(graph.snapshot(), file);
    }
}
