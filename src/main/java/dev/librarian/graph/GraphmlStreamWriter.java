package dev.librarian.graph;

import dev.librarian.store.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;

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
 * Streams {@code graph_chunk_entity_relation.graphml} from entities and relations handed over one at a time (database
 * cursors, say), atomically. The text is what the tests' {@code GraphmlExport} (jgrapht-io over the JDK's XML
 * serialiser)
 * writes for the same graph, byte for byte: the same keys, data order, four-space indentation, and the serialiser's
 * escapes ({@code &#13;}, {@code &#133;}, {@code &#128512;} and the like). Lines end in {@code \n}, as the serialiser's
 * do where that is the platform's line separator. Characters XML cannot hold are dropped
 * ({@link XmlText}); a relation whose ends become one entity that way is skipped. Unlike GraphmlExport it keeps no
 * list of names, so the source must not repeat an entity or a pair, even one that differs only in such characters.
 */
public final class GraphmlStreamWriter {

    private static final Logger LOG = LoggerFactory.getLogger(GraphmlStreamWriter.class);

    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns"
            + " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n";

    /** The keys in GraphmlExport's order; a key's id is {@code key<index>}. */
    private enum Key {
        K_ENTITY_ID(ENTITY_ID, "node", "string"),
        K_ENTITY_TYPE(ENTITY_TYPE, "node", "string"),
        K_WEIGHT(WEIGHT, "edge", "double"),
        K_DESCRIPTION(DESCRIPTION, "all", "string"),
        K_KEYWORDS(KEYWORDS, "edge", "string"),
        K_SOURCE_ID(SOURCE_ID, "all", "string"),
        K_FILE_PATH(FILE_PATH, "all", "string"),
        K_CREATED_AT(CREATED_AT, "all", "long"),
        K_TRUNCATE(TRUNCATE, "all", "string");

        private final String attrName;
        private final String target;
        private final String type;

        Key(String attrName, String target, String type) {
            this.attrName = attrName;
            this.target = target;
            this.type = type;
        }

        String id() {
            return "key" + ordinal();
        }
    }

    private final Writer out;

    private GraphmlStreamWriter(Writer out) {
        this.out = out;
    }

    /** Writes all of {@code entities}, then all of {@code relations}, to {@code file} atomically. */
    public static void write(Path file, Iterator<? extends EntityNode> entities,
                             Iterator<? extends RelationEdge> relations) throws IOException {
        AtomicFiles.write(file, stream -> {
            Writer text = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            new GraphmlStreamWriter(text).document(file, entities, relations);
            text.flush();
        });
    }

    private void document(Path file, Iterator<? extends EntityNode> entities,
                          Iterator<? extends RelationEdge> relations) throws IOException {
        out.write(HEADER);
        for (Key key : Key.values()) {
            out.write("    <key id=\"" + key.id() + "\" for=\"" + key.target + "\" attr.name=\"" + key.attrName
                    + "\" attr.type=\"" + key.type + "\"/>\n");
        }
        if (!entities.hasNext() && !relations.hasNext()) {
            out.write("    <graph edgedefault=\"undirected\"/>\n</graphml>\n");
            return;
        }
        out.write("    <graph edgedefault=\"undirected\">\n");
        while (entities.hasNext()) {
            entity(entities.next());
        }
        while (relations.hasNext()) {
            RelationEdge relation = relations.next();
            String source = XmlText.clean(relation.source());
            String target = XmlText.clean(relation.target());
            if (source.equals(target)) {
                LOG.warn("{}: dropping relation '{}' – '{}', a self-loop once characters XML cannot hold are dropped",
                        file, source, target);
            } else {
                relation(relation, source, target);
            }
        }
        out.write("    </graph>\n</graphml>\n");
    }

    private void entity(EntityNode node) throws IOException {
        String id = XmlText.clean(node.name());
        out.write("        <node id=\"");
        XmlEscapes.attribute(id, out);
        out.write("\">\n");
        data(Key.K_ENTITY_ID, id);
        data(Key.K_ENTITY_TYPE, XmlText.clean(node.type()));
        data(Key.K_DESCRIPTION, XmlText.clean(node.description()));
        data(Key.K_SOURCE_ID, XmlText.clean(node.sourceId()));
        data(Key.K_FILE_PATH, XmlText.clean(node.filePath()));
        data(Key.K_CREATED_AT, Long.toString(node.createdAt()));
        data(Key.K_TRUNCATE, XmlText.clean(node.truncate()));
        out.write("        </node>\n");
    }

    private void relation(RelationEdge edge, String source, String target) throws IOException {
        out.write("        <edge source=\"");
        XmlEscapes.attribute(source, out);
        out.write("\" target=\"");
        XmlEscapes.attribute(target, out);
        out.write("\">\n");
        data(Key.K_WEIGHT, Double.toString(edge.weight()));
        data(Key.K_DESCRIPTION, XmlText.clean(edge.description()));
        data(Key.K_KEYWORDS, XmlText.clean(edge.keywords()));
        data(Key.K_SOURCE_ID, XmlText.clean(edge.sourceId()));
        data(Key.K_FILE_PATH, XmlText.clean(edge.filePath()));
        data(Key.K_CREATED_AT, Long.toString(edge.createdAt()));
        data(Key.K_TRUNCATE, XmlText.clean(edge.truncate()));
        out.write("        </edge>\n");
    }

    private void data(Key key, String value) throws IOException {
        out.write("            <data key=\"" + key.id());
        if (value.isEmpty()) {
            out.write("\"/>\n");
            return;
        }
        out.write("\">");
        XmlEscapes.text(value, out);
        out.write("</data>\n");
    }
}
