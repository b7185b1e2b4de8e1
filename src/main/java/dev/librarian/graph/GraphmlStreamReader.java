package dev.librarian.graph;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.librarian.graph.GraphmlKeys.CREATED_AT;
import static dev.librarian.graph.GraphmlKeys.DESCRIPTION;
import static dev.librarian.graph.GraphmlKeys.ENTITY_TYPE;
import static dev.librarian.graph.GraphmlKeys.FILE_PATH;
import static dev.librarian.graph.GraphmlKeys.KEYWORDS;
import static dev.librarian.graph.GraphmlKeys.SOURCE_ID;
import static dev.librarian.graph.GraphmlKeys.TRUNCATE;
import static dev.librarian.graph.GraphmlKeys.WEIGHT;

/**
 * Streams {@code graph_chunk_entity_relation.graphml} (LightRAG §1.9, as NetworkX or {@link GraphmlStreamWriter}
 * writes it) with StAX, handing over each node as an {@link EntityNode} and each edge as a {@link RelationEdge} when
 * its element ends, so only one element's data is in memory. Attributes are read as the tests' {@code GraphmlImport}
 * reads them:
 * {@code <data key>} resolved through the {@code <key>} declared for nodes, edges or all (with its
 * {@code <default>}), empty data counts as missing, and missing attributes default to {@code ""}, 0 and weight 1.0;
 * the node id is the entity name and self-loops are skipped with a warning. Unlike GraphmlImport it remembers no
 * node, so it does not notice a repeated node or an edge to an undeclared node: the consumer's store does.
 */
public final class GraphmlStreamReader {

    private static final Logger LOG = LoggerFactory.getLogger(GraphmlStreamReader.class);

    /** Receives a file's nodes and edges in file order. */
    public interface GraphConsumer {

        void entity(EntityNode node) throws IOException;

        void relation(RelationEdge edge) throws IOException;
    }

    /** How many nodes and edges a read handed over. */
    public record ReadSummary(long entities, long relations) {
    }

    /** A declared {@code <key>}: which attribute a data element with its id holds. */
    private static final class Key {
        private final String id;
        private final String name;
        private final String target;
        private String defaultValue;

        private Key(String id, String name, String target) {
            this.id = id;
            this.name = name;
            this.target = target;
        }
    }

    /** An open {@code <graph>}, {@code <node>} or {@code <edge>} with the data read so far, by key id. */
    private static final class OpenElement {
        private final String id;
        private final String source;
        private final String target;
        private final Map<String, String> data = new HashMap<>();

        private OpenElement(String id, String source, String target) {
            this.id = id;
            this.source = source;
            this.target = target;
        }
    }

    private final Path file;
    private final GraphConsumer consumer;
    private final Map<String, Key> nodeKeys = new LinkedHashMap<>();
    private final Map<String, Key> edgeKeys = new LinkedHashMap<>();
    private final Deque<OpenElement> open = new ArrayDeque<>();
    private Key declaring;
    private long entities;
    private long relations;

    private GraphmlStreamReader(Path file, GraphConsumer consumer) {
        this.file = file;
        this.consumer = consumer;
    }

    /** Hands every node and edge of {@code file} to {@code consumer}; a missing file holds none. */
    public static ReadSummary read(Path file, GraphConsumer consumer) throws IOException {
        if (!Files.exists(file)) {
            return new ReadSummary(0, 0);
        }
        GraphmlStreamReader reader = new GraphmlStreamReader(file, consumer);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            XMLStreamReader xml = factory().createXMLStreamReader(in);
            try {
                reader.readAll(xml);
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new IOException("cannot read GraphML file " + file + ": " + e.getMessage(), e);
        }
        return new ReadSummary(reader.entities, reader.relations);
    }

    /** The JDK's own StAX parser, with DTDs and external entities off: a GraphML file needs neither. */
    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return factory;
    }

    private void readAll(XMLStreamReader xml) throws XMLStreamException, IOException {
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                start(xml);
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                end(xml.getLocalName());
            }
        }
    }

    private void start(XMLStreamReader xml) throws XMLStreamException {
        switch (xml.getLocalName()) {
            case "key" -> declaring = new Key(attribute(xml, "id"), attribute(xml, "attr.name"), attribute(xml, "for"));
            case "default" -> {
                String value = textOf(xml);
                if (declaring != null) {
                    declaring.defaultValue = value;
                }
            }
            case "graph", "node" -> open.push(new OpenElement(attribute(xml, "id"), null, null));
            case "edge" -> open.push(new OpenElement(null, attribute(xml, "source"), attribute(xml, "target")));
            case "data" -> {
                String key = attribute(xml, "key");
                String value = textOf(xml);
                // an empty <data/> is no attribute at all, as for jgrapht's importer: the key's default applies
                if (key != null && !value.isEmpty() && !open.isEmpty()) {
                    open.peek().data.put(key, value);
                }
            }
            default -> {
            }
        }
    }

    private void end(String name) throws IOException {
        switch (name) {
            case "key" -> {
                Key key = declaring;
                declaring = null;
                if (key == null || key.id == null || key.name == null || key.target == null) {
                    return;
                }
                if (key.target.equals("node") || key.target.equals("all")) {
                    nodeKeys.put(key.id, key);
                }
                if (key.target.equals("edge") || key.target.equals("all")) {
                    edgeKeys.put(key.id, key);
                }
            }
            case "graph" -> open.pop();
            case "node" -> entity(open.pop());
            case "edge" -> relation(open.pop());
            default -> {
            }
        }
    }

    private void entity(OpenElement node) throws IOException {
        if (node.id == null) {
            throw new IOException("cannot read GraphML file " + file + ": a node has no id");
        }
        Map<String, String> a = attributes(node, nodeKeys);
        consumer.entity(new EntityNode(node.id, a.getOrDefault(ENTITY_TYPE, ""), a.getOrDefault(DESCRIPTION, ""),
                a.getOrDefault(SOURCE_ID, ""), a.getOrDefault(FILE_PATH, ""),
                GraphmlKeys.parseLong(a.get(CREATED_AT)), a.getOrDefault(TRUNCATE, "")));
        entities++;
    }

    private void relation(OpenElement edge) throws IOException {
        if (edge.source == null || edge.target == null) {
            throw new IOException("cannot read GraphML file " + file + ": an edge has no source or target");
        }
        if (edge.source.equals(edge.target)) {
            LOG.warn("{}: skipping self-loop on '{}'", file, edge.source);
            return;
        }
        Map<String, String> a = attributes(edge, edgeKeys);
        consumer.relation(new RelationEdge(edge.source, edge.target, GraphmlKeys.parseWeight(a.get(WEIGHT)),
                a.getOrDefault(DESCRIPTION, ""), a.getOrDefault(KEYWORDS, ""), a.getOrDefault(SOURCE_ID, ""),
                a.getOrDefault(FILE_PATH, ""), GraphmlKeys.parseLong(a.get(CREATED_AT)),
                a.getOrDefault(TRUNCATE, "")));
        relations++;
    }

    /** The element's attributes by name: each applicable key, in declaration order, gives its data or default. */
    private static Map<String, String> attributes(OpenElement element, Map<String, Key> keys) {
        Map<String, String> byName = new HashMap<>();
        for (Key key : keys.values()) {
            String value = element.data.get(key.id);
            if (value == null) {
                value = key.defaultValue;
            }
            if (value != null) {
                byName.put(key.name, value);
            }
        }
        return byName;
    }

    /**
     * The text of the element just started, up to and including its end tag; the text of any element nested in it
     * counts too, as for jgrapht's importer (yEd, for one, puts elements inside {@code <data>}).
     */
    private static String textOf(XMLStreamReader xml) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        int depth = 1;
        while (depth > 0) {
            switch (xml.next()) {
                case XMLStreamConstants.START_ELEMENT -> depth++;
                case XMLStreamConstants.END_ELEMENT -> depth--;
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                default -> {
                }
            }
        }
        return text.toString();
    }

    private static String attribute(XMLStreamReader xml, String localName) {
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            if (xml.getAttributeLocalName(i).equals(localName)) {
                return xml.getAttributeValue(i);
            }
        }
        return null;
    }
}
