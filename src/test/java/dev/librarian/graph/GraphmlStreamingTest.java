package dev.librarian.graph;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphmlStreamingTest {

    @TempDir
    Path dir;

    /** What a read handed over, in order. */
    private static final class Collected implements GraphmlStreamReader.GraphConsumer {
        private final List<EntityNode> entities = new ArrayList<>();
        private final List<RelationEdge> relations = new ArrayList<>();

        @Override
        public void entity(EntityNode node) {
            entities.add(node);
        }

        @Override
        public void relation(RelationEdge edge) {
            relations.add(edge);
        }
    }

    private static Collected read(Path file) throws IOException {
        Collected collected = new Collected();
        GraphmlStreamReader.ReadSummary summary = GraphmlStreamReader.read(file, collected);
        assertEquals(new GraphmlStreamReader.ReadSummary(collected.entities.size(), collected.relations.size()),
                summary);
        return collected;
    }

    /** Every BMP character (lone surrogates included) and a few beyond it: each one the serialiser may escape. */
    private static String everyCharacter() {
        StringBuilder sb = new StringBuilder();
        for (int c = 1; c <= 0xFFFF; c++) {
            sb.append((char) c);
        }
        return sb.append("😀𝄞\uDBFF\uDFFF").toString();
    }

    private static KnowledgeGraph sample() {
        KnowledgeGraph g = new KnowledgeGraph();
        g.putEntity(new EntityNode("Алиса Петровна", "person", "Основала «Акме».<SEP>Живёт в Берлине.",
                "doc-1-chunk-000<SEP>doc-1-chunk-003", "заметки.txt<SEP>notes.txt", 1_750_000_040L, ""));
        g.putEntity(new EntityNode("Acme \"Corp\" & <Sons> 'x' >", "organization",
                "A 'quoted' & <tagged> firm\nline 2\r\n\ttab ]]> \u0085 \u2028 \u00a0", "doc-1-chunk-000", "notes.txt",
                1_750_000_041L, "KEEP Old"));
        g.putEntity(new EntityNode("Berlin 😀\n\t\r", "location", "", "", "", 0, "FIFO 3/5"));
        g.putEntity(new EntityNode("  blank\u0007", " ", "   ", "\t", "\n", -5, "\r"));
        g.putEntity(new EntityNode("every " + everyCharacter(), everyCharacter(), everyCharacter(), "", "", 1, ""));
        g.putRelation(new RelationEdge("Алиса Петровна", "Acme \"Corp\" & <Sons> 'x' >", 2.5,
                "Alice founded Acme.<SEP>Она владеет ею.", "founding,ownership", "doc-1-chunk-000", "notes.txt",
                1_750_000_042L, ""));
        g.putRelation(new RelationEdge("Berlin 😀\n\t\r", "Алиса Петровна", 1.0E-7, "lives in", "residence",
                "doc-1-chunk-003", "notes.txt", 1_750_000_043L, "KEEP Old"));
        g.putRelation(new RelationEdge("  blank\u0007", "Алиса Петровна", 1e20, "", "", "", "", 0, ""));
        g.putRelation(new RelationEdge("every " + everyCharacter(), "  blank\u0007", -0.0, everyCharacter(),
                everyCharacter(), "", "", Long.MIN_VALUE, everyCharacter()));
        return g;
    }

    private static void writeStreamed(KnowledgeGraph g, Path file) throws IOException {
        GraphmlStreamWriter.write(file, g.entities().iterator(), g.relations().iterator());
    }

    @Test
    void bytesAreThoseOfGraphmlExport() throws Exception {
        Path old = dir.resolve("old.graphml");
        Path streamed = dir.resolve("new.graphml");
        GraphmlStore.write(sample(), old);
        writeStreamed(sample(), streamed);
        assertEquals(Files.readString(old, StandardCharsets.UTF_8), Files.readString(streamed, StandardCharsets.UTF_8));
        assertArrayEquals(Files.readAllBytes(old), Files.readAllBytes(streamed));
    }

    @Test
    void emptyGraphBytesAreThoseOfGraphmlExport() throws Exception {
        Path old = dir.resolve("old.graphml");
        Path streamed = dir.resolve("new.graphml");
        GraphmlStore.write(new KnowledgeGraph(), old);
        writeStreamed(new KnowledgeGraph(), streamed);
        assertArrayEquals(Files.readAllBytes(old), Files.readAllBytes(streamed));
    }

    /** What the stream writer wrote, both readers read back as written (characters XML cannot hold dropped). */
    @Test
    void roundTripThroughBothReaders() throws Exception {
        Path file = dir.resolve("graph_chunk_entity_relation.graphml");
        KnowledgeGraph g = sample();
        writeStreamed(g, file);
        Collected streamed = read(file);
        KnowledgeGraph imported = GraphmlStore.read(file);
        assertEquals(imported.entities(), streamed.entities);
        assertEquals(imported.relations(), streamed.relations);
        assertEquals(g.entities().size(), streamed.entities.size());
        EntityNode alice = g.entities().get(0);
        assertEquals(alice, streamed.entities.get(0));
        assertEquals(g.relations().get(0), streamed.relations.get(0));
        EntityNode blank = streamed.entities.get(3);
        assertEquals(new EntityNode("  blank", " ", "   ", "\t", "\n", -5, "\r"), blank);
        assertEquals(XmlText.clean(everyCharacter()), streamed.entities.get(4).description());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("graph_chunk_entity_relation.graphml"),
                    s.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** The shape NetworkX writes (as in GraphmlStoreTest): keys d13..d0, empty data elements, escaped SEP. */
    @Test
    void readsALightRagFileLikeGraphmlImport() throws Exception {
        String xml = """
                <?xml version='1.0' encoding='utf-8'?>
                <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
                  <key id="d13" for="edge" attr.name="truncate" attr.type="string" />
                  <key id="d12" for="edge" attr.name="created_at" attr.type="long" />
                  <key id="d11" for="edge" attr.name="file_path" attr.type="string" />
                  <key id="d10" for="edge" attr.name="source_id" attr.type="string" />
                  <key id="d9" for="edge" attr.name="keywords" attr.type="string" />
                  <key id="d8" for="edge" attr.name="description" attr.type="string" />
                  <key id="d7" for="edge" attr.name="weight" attr.type="double" />
                  <key id="d6" for="node" attr.name="truncate" attr.type="string" />
                  <key id="d5" for="node" attr.name="created_at" attr.type="long" />
                  <key id="d4" for="node" attr.name="file_path" attr.type="string" />
                  <key id="d3" for="node" attr.name="source_id" attr.type="string" />
                  <key id="d2" for="node" attr.name="description" attr.type="string" />
                  <key id="d1" for="node" attr.name="entity_type" attr.type="string" />
                  <key id="d0" for="node" attr.name="entity_id" attr.type="string" />
                  <graph edgedefault="undirected">
                    <node id="Alice">
                      <data key="d0">Alice</data>
                      <data key="d1">person</data>
                      <data key="d2">Alice is the founder of Acme Corp.&lt;SEP&gt;Alice lives in Berlin.</data>
                      <data key="d3">doc-5d41-chunk-000&lt;SEP&gt;doc-5d41-chunk-003</data>
                      <data key="d4">notes.txt</data>
                      <data key="d5">1750000040</data>
                      <data key="d6"></data>
                    </node>
                    <node id="Acme Corp">
                      <data key="d0">Acme Corp</data>
                      <data key="d3">doc-5d41-chunk-000</data>
                      <data key="d2">Acme Corp was founded by Alice.</data>
                      <data key="d1">UNKNOWN</data>
                      <data key="d4">notes.txt</data>
                      <data key="d5">1750000041</data>
                      <data key="d6" />
                    </node>
                    <node id="Сергей &amp; &quot;сыновья&quot;" />
                    <edge source="Alice" target="Acme Corp">
                      <data key="d7">2.0</data>
                      <data key="d8">Alice founded Acme Corp in 2001.</data>
                      <data key="d9">founding,ownership</data>
                      <data key="d10">doc-5d41-chunk-000</data>
                      <data key="d11">notes.txt</data>
                      <data key="d12">1750000041</data>
                      <data key="d13"></data>
                    </edge>
                    <edge source="Сергей &amp; &quot;сыновья&quot;" target="Alice" />
                  </graph>
                </graphml>
                """;
        Path file = dir.resolve("graph_chunk_entity_relation.graphml");
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        Collected streamed = read(file);
        KnowledgeGraph imported = GraphmlStore.read(file);
        assertEquals(imported.entities(), streamed.entities);
        assertEquals(imported.relations(), streamed.relations);
        assertEquals(new EntityNode("Alice", "person", "Alice is the founder of Acme Corp.<SEP>Alice lives in Berlin.",
                "doc-5d41-chunk-000<SEP>doc-5d41-chunk-003", "notes.txt", 1_750_000_040L, ""), streamed.entities.get(0));
        assertEquals(new RelationEdge("Сергей & \"сыновья\"", "Alice", 1.0, "", "", "", "", 0, ""),
                streamed.relations.get(1));
    }

    /**
     * The attribute rules of jgrapht's importer: data resolved through keys declared for the right element (or all),
     * a key's default for missing or empty data, undeclared or mistargeted keys ignored, text of nested elements
     * kept, CDATA and a BOM accepted, self-loops skipped.
     */
    @Test
    void keysDefaultsAndOddShapesAsGraphmlImport() throws Exception {
        String xml = "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:y=\"http://www.yworks.com/xml/graphml\">\n"
                + "<key id=\"t\" for=\"node\" attr.name=\"entity_type\" attr.type=\"string\"><default>thing</default></key>\n"
                + "<key id=\"w\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"><default>3.5</default></key>\n"
                + "<key id=\"d\" for=\"all\" attr.name=\"description\" attr.type=\"string\"/>\n"
                + "<key id=\"c\" for=\"all\" attr.name=\"created_at\" attr.type=\"long\"/>\n"
                + "<key id=\"k\" for=\"edge\" attr.name=\"keywords\" attr.type=\"string\"/>\n"
                + "<key id=\"nofor\" attr.name=\"source_id\" attr.type=\"string\"/>\n"
                + "<graph id=\"G\" edgedefault=\"undirected\">\n"
                + "<node id=\"a\"><data key=\"t\"></data><data key=\"d\"><![CDATA[<raw> & text]]></data>"
                + "<data key=\"k\">not for nodes</data><data key=\"nofor\">ignored</data><data key=\"c\">12.9</data></node>\n"
                + "<node id=\"b\"><data key=\"t\">person</data><data key=\"d\">x<y:Label>inner</y:Label>y</data></node>\n"
                + "<edge source=\"a\" target=\"a\"><data key=\"d\">loop</data></edge>\n"
                + "<edge source=\"a\" target=\"b\"><data key=\"k\">k1,k2</data><data key=\"c\">nonsense</data></edge>\n"
                + "<edge source=\"b\" target=\"a\"><data key=\"w\">0.25</data><data key=\"d\"> </data></edge>\n"
                + "</graph>\n</graphml>\n";
        Path file = dir.resolve("odd.graphml");
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        Collected streamed = read(file);
        assertEquals(GraphmlImport.read(file).entities(), streamed.entities);
        assertEquals(List.of(new EntityNode("a", "thing", "<raw> & text", "", "", 12, ""),
                new EntityNode("b", "person", "xinnery", "", "", 0, "")), streamed.entities);
        assertEquals(List.of(new RelationEdge("a", "b", 3.5, "", "k1,k2", "", "", 0, ""),
                new RelationEdge("b", "a", 0.25, " ", "", "", "", 0, "")), streamed.relations);
        // the old importer keeps one edge per pair: the later one
        assertEquals(List.of(streamed.relations.get(1)), GraphmlImport.read(file).relations());
    }

    /** A long description full of escaped separators: no XML parser limit on text or entity references gets in the way. */
    @Test
    void readsALongDescriptionWithManyEscapes() throws Exception {
        String description = "fragment &<SEP>".repeat(250_000);
        KnowledgeGraph g = new KnowledgeGraph();
        g.putEntity(new EntityNode("A", "t", description, "", "", 1, ""));
        g.putEntity(new EntityNode("B", "t", "", "", "", 1, ""));
        g.putRelation(new RelationEdge("A", "B", 1, description, "", "", "", 1, ""));
        Path file = dir.resolve("big.graphml");
        writeStreamed(g, file);
        Collected streamed = read(file);
        assertEquals(description, streamed.entities.get(0).description());
        assertEquals(description, streamed.relations.get(0).description());
    }

    @Test
    void writerDropsSelfLoopsAfterCleaning() throws Exception {
        Path file = dir.resolve("g.graphml");
        List<EntityNode> nodes = List.of(new EntityNode("A", "", "", "", "", 0, ""));
        List<RelationEdge> edges = List.of(new RelationEdge("A", "A\u0001", 1, "", "", "", "", 0, ""));
        GraphmlStreamWriter.write(file, nodes.iterator(), edges.iterator());
        Collected streamed = read(file);
        assertEquals(1, streamed.entities.size());
        assertEquals(List.of(), streamed.relations);
    }

    @Test
    void missingFileHoldsNothingAndBrokenXmlIsAnIOException() throws Exception {
        assertEquals(new GraphmlStreamReader.ReadSummary(0, 0), GraphmlStreamReader.read(dir.resolve("none.graphml"),
                new Collected()));
        Path broken = dir.resolve("broken.graphml");
        Files.writeString(broken, "<graphml><graph><node id=\"a\"></graph>");
        IOException e = assertThrows(IOException.class, () -> GraphmlStreamReader.read(broken, new Collected()));
        assertTrue(e.getMessage().startsWith("cannot read GraphML file"), e.getMessage());
    }
}
