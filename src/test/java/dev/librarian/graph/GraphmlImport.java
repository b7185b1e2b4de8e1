package dev.librarian.graph;

import org.jgrapht.Graph;
import org.jgrapht.graph.builder.GraphTypeBuilder;
import org.jgrapht.nio.ImportException;
import org.jgrapht.nio.graphml.GraphMLImporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.librarian.graph.GraphmlKeys.CREATED_AT;
import static dev.librarian.graph.GraphmlKeys.DESCRIPTION;
import static dev.librarian.graph.GraphmlKeys.ENTITY_TYPE;
import static dev.librarian.graph.GraphmlKeys.FILE_PATH;
import static dev.librarian.graph.GraphmlKeys.KEYWORDS;
import static dev.librarian.graph.GraphmlKeys.SOURCE_ID;
import static dev.librarian.graph.GraphmlKeys.TRUNCATE;
import static dev.librarian.graph.GraphmlKeys.WEIGHT;
import static dev.librarian.graph.GraphmlKeys.parseLong;
import static dev.librarian.graph.GraphmlKeys.parseWeight;

/**
 * Reads a GraphML file with jgrapht-io's {@link GraphMLImporter} into a {@link KnowledgeGraph}. The importer maps
 * {@code <data key>} ids to {@code attr.name} itself, ignores data whose key is undeclared, and reports an empty
 * {@code <data/>} as no attribute at all, so every attribute has a default here. Schema validation must be off: the
 * bundled GraphML XSD types node ids as NMTOKEN, so any entity name with a space, quote or {@code &} would be
 * rejected (with validation off nothing refers to {@code xsi:schemaLocation}, so nothing is fetched).
 */
final class GraphmlImport {

    private static final Logger LOG = LoggerFactory.getLogger(GraphmlImport.class);

    /** Identity-based edge object collecting the edge's attributes by name. */
    private static final class ImportedEdge {
        private final Map<String, String> attributes = new HashMap<>();
    }

    private GraphmlImport() {
    }

    static KnowledgeGraph read(Path file) throws IOException {
        Graph<String, ImportedEdge> graph = GraphTypeBuilder.<String, ImportedEdge>undirected()
                .allowingMultipleEdges(true).allowingSelfLoops(true).weighted(false)
                .edgeSupplier(ImportedEdge::new).buildGraph();
        List<String> vertices = new ArrayList<>();
        List<ImportedEdge> edges = new ArrayList<>();
        Map<String, Map<String, String>> vertexAttributes = new HashMap<>();

        GraphMLImporter<String, ImportedEdge> importer = new GraphMLImporter<>();
        importer.setSchemaValidation(false);
        importer.setVertexFactory(id -> id);
        importer.addVertexConsumer(vertices::add);
        importer.addEdgeConsumer(edges::add);
        importer.addVertexAttributeConsumer((vertexAndName, attribute) -> vertexAttributes
                .computeIfAbsent(vertexAndName.getFirst(), v -> new HashMap<>())
                .put(vertexAndName.getSecond(), attribute.getValue()));
        importer.addEdgeAttributeConsumer((edgeAndName, attribute) ->
                edgeAndName.getFirst().attributes.put(edgeAndName.getSecond(), attribute.getValue()));
        try (Reader reader = utf8Reader(file)) {
            importer.importGraph(graph, reader);
        } catch (ImportException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException("cannot read GraphML file " + file + ": " + cause.getMessage(), e);
        }

        KnowledgeGraph result = new KnowledgeGraph();
        for (String name : vertices) {
            Map<String, String> a = vertexAttributes.getOrDefault(name, Map.of());
            result.putEntity(new EntityNode(name, a.getOrDefault(ENTITY_TYPE, ""), a.getOrDefault(DESCRIPTION, ""),
                    a.getOrDefault(SOURCE_ID, ""), a.getOrDefault(FILE_PATH, ""), parseLong(a.get(CREATED_AT)),
                    a.getOrDefault(TRUNCATE, "")));
        }
        for (ImportedEdge edge : edges) {
            String source = graph.getEdgeSource(edge);
            String target = graph.getEdgeTarget(edge);
            if (source.equals(target)) {
                LOG.warn("{}: skipping self-loop on '{}'", file, source);
                continue;
            }
            Map<String, String> a = edge.attributes;
            result.putRelation(new RelationEdge(source, target, parseWeight(a.get(WEIGHT)),
                    a.getOrDefault(DESCRIPTION, ""), a.getOrDefault(KEYWORDS, ""), a.getOrDefault(SOURCE_ID, ""),
                    a.getOrDefault(FILE_PATH, ""), parseLong(a.get(CREATED_AT)), a.getOrDefault(TRUNCATE, "")));
        }
        return result;
    }

    /** A UTF-8 reader over the file with a leading BOM skipped (a Reader-fed SAX parser rejects it). */
    private static Reader utf8Reader(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        in.mark(3);
        byte[] head = in.readNBytes(3);
        if (!(head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF)) {
            in.reset();
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }
}
