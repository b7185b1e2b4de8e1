package dev.librarian.graph;

import dev.librarian.store.AtomicFiles;
import org.jgrapht.Graph;
import org.jgrapht.graph.SimpleGraph;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.AttributeType;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.ExportException;
import org.jgrapht.nio.graphml.GraphMLExporter;
import org.jgrapht.nio.graphml.GraphMLExporter.AttributeCategory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.librarian.graph.GraphmlKeys.CREATED_AT;
import static dev.librarian.graph.GraphmlKeys.DESCRIPTION;
import static dev.librarian.graph.GraphmlKeys.ENTITY_ID;
import static dev.librarian.graph.GraphmlKeys.ENTITY_TYPE;
import static dev.librarian.graph.GraphmlKeys.FILE_PATH;
import static dev.librarian.graph.GraphmlKeys.KEYWORDS;
import static dev.librarian.graph.GraphmlKeys.SOURCE_ID;
import static dev.librarian.graph.GraphmlKeys.TRUNCATE;
import static dev.librarian.graph.GraphmlKeys.WEIGHT;

/**
 * Writes a {@link KnowledgeGraph.Snapshot} with jgrapht-io's {@link GraphMLExporter}. The exporter keys attributes by
 * name, so names used by nodes and edges alike are declared once with {@code for="all"} (NetworkX does not care), and
 * the registration order is chosen so each node and edge lists its data in LightRAG's order. Its built-in
 * {@code weight} handling is moved out of the way so {@code weight} can be an ordinary double attribute.
 */
final class GraphmlExport {

    private static final Logger LOG = LoggerFactory.getLogger(GraphmlExport.class);

    /** Identity-based edge object for the export graph. */
    private static final class ExportEdge {
        private final RelationEdge edge;

        private ExportEdge(RelationEdge edge) {
            this.edge = edge;
        }
    }

    private GraphmlExport() {
    }

    static void write(KnowledgeGraph.Snapshot snapshot, Path file) throws IOException {
        Graph<String, ExportEdge> graph = new SimpleGraph<>(null, null, false);
        Map<String, EntityNode> nodes = new HashMap<>();
        for (EntityNode node : snapshot.entities()) {
            String id = XmlText.clean(node.name());
            if (graph.addVertex(id)) {
                nodes.put(id, node);
            } else {
                LOG.warn("{}: entity '{}' collides with another one once characters XML cannot hold are dropped;"
                        + " keeping the first", file, id);
            }
        }
        for (RelationEdge relation : snapshot.relations()) {
            String source = XmlText.clean(relation.source());
            String target = XmlText.clean(relation.target());
            if (source.equals(target) || !graph.addEdge(source, target, new ExportEdge(relation))) {
                LOG.warn("{}: dropping relation '{}' – '{}', which collides with another one once characters XML"
                        + " cannot hold are dropped", file, source, target);
            }
        }
        GraphMLExporter<String, ExportEdge> exporter = exporter(nodes);
        AtomicFiles.write(file, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try {
                exporter.exportGraph(graph, writer);
            } catch (ExportException e) {
                throw new IOException("cannot write GraphML file " + file + ": " + e.getMessage(), e);
            }
            writer.flush();
        });
    }

    private static GraphMLExporter<String, ExportEdge> exporter(Map<String, EntityNode> nodes) {
        GraphMLExporter<String, ExportEdge> exporter = new GraphMLExporter<>(id -> id);
        exporter.setExportEdgeWeights(false);
        exporter.setEdgeWeightAttributeName("jgrapht.edge.weight");
        exporter.registerAttribute(ENTITY_ID, AttributeCategory.NODE, AttributeType.STRING);
        exporter.registerAttribute(ENTITY_TYPE, AttributeCategory.NODE, AttributeType.STRING);
        exporter.registerAttribute(WEIGHT, AttributeCategory.EDGE, AttributeType.DOUBLE);
        exporter.registerAttribute(DESCRIPTION, AttributeCategory.ALL, AttributeType.STRING);
        exporter.registerAttribute(KEYWORDS, AttributeCategory.EDGE, AttributeType.STRING);
        exporter.registerAttribute(SOURCE_ID, AttributeCategory.ALL, AttributeType.STRING);
        exporter.registerAttribute(FILE_PATH, AttributeCategory.ALL, AttributeType.STRING);
        exporter.registerAttribute(CREATED_AT, AttributeCategory.ALL, AttributeType.LONG);
        exporter.registerAttribute(TRUNCATE, AttributeCategory.ALL, AttributeType.STRING);
        exporter.setVertexAttributeProvider(id -> nodeAttributes(id, nodes.get(id)));
        exporter.setEdgeAttributeProvider(e -> edgeAttributes(e.edge));
        return exporter;
    }

    private static Map<String, Attribute> nodeAttributes(String id, EntityNode node) {
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        attributes.put(ENTITY_ID, DefaultAttribute.createAttribute(id));
        attributes.put(ENTITY_TYPE, text(node.type()));
        attributes.put(DESCRIPTION, text(node.description()));
        attributes.put(SOURCE_ID, text(node.sourceId()));
        attributes.put(FILE_PATH, text(node.filePath()));
        attributes.put(CREATED_AT, DefaultAttribute.createAttribute(node.createdAt()));
        attributes.put(TRUNCATE, text(node.truncate()));
        return attributes;
    }

    private static Map<String, Attribute> edgeAttributes(RelationEdge edge) {
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        attributes.put(WEIGHT, DefaultAttribute.createAttribute(edge.weight()));
        attributes.put(DESCRIPTION, text(edge.description()));
        attributes.put(KEYWORDS, text(edge.keywords()));
        attributes.put(SOURCE_ID, text(edge.sourceId()));
        attributes.put(FILE_PATH, text(edge.filePath()));
        attributes.put(CREATED_AT, DefaultAttribute.createAttribute(edge.createdAt()));
        attributes.put(TRUNCATE, text(edge.truncate()));
        return attributes;
    }

    private static Attribute text(String value) {
        return DefaultAttribute.createAttribute(XmlText.clean(value));
    }
}
