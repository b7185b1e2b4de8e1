package dev.librarian.graph;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphmlStoreTest {

    @TempDir
    Path dir;

    private static KnowledgeGraph sample() {
        KnowledgeGraph g = new KnowledgeGraph();
        g.putEntity(new EntityNode("Алиса Петровна", "person", "Основала «Акме».<SEP>Живёт в Берлине.",
                "doc-1-chunk-000<SEP>doc-1-chunk-003", "заметки.txt<SEP>notes.txt", 1_750_000_040L, ""));
        g.putEntity(new EntityNode("Acme \"Corp\" & <Sons>", "organization", "A 'quoted' & <tagged> firm\nline 2",
                "doc-1-chunk-000", "notes.txt", 1_750_000_041L, "KEEP Old"));
        g.putEntity(new EntityNode("Berlin 😀", "location", "", "", "", 0, "FIFO 3/5"));
        g.putRelation(new RelationEdge("Алиса Петровна", "Acme \"Corp\" & <Sons>", 2.5,
                "Alice founded Acme.<SEP>Она владеет ею.", "founding,ownership", "doc-1-chunk-000", "notes.txt",
                1_750_000_042L, ""));
        g.putRelation(new RelationEdge("Berlin 😀", "Алиса Петровна", 1.0, "lives in", "residence",
                "doc-1-chunk-003", "notes.txt", 1_750_000_043L, "KEEP Old"));
        return g;
    }

    @Test
    void roundTripKeepsEverything() throws Exception {
        Path file = dir.resolve("graph_chunk_entity_relation.graphml");
        KnowledgeGraph original = sample();
        GraphmlStore.write(original, file);
        KnowledgeGraph read = GraphmlStore.read(file);
        assertEquals(original.entities(), read.entities());
        assertEquals(original.relations(), read.relations());
        assertEquals(2, read.degree("Алиса Петровна"));

        String xml = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(xml.contains("&lt;SEP&gt;"), "the separator is escaped like NetworkX does");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("graph_chunk_entity_relation.graphml"),
                    s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void writtenFileIsUndirectedWithTypedNamedKeys() throws Exception {
        Path file = dir.resolve("graph.graphml");
        GraphmlStore.write(sample(), file);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(file.toFile());
        assertEquals("http://graphml.graphdrawing.org/xmlns", doc.getDocumentElement().getNamespaceURI());
        Element graph = (Element) doc.getElementsByTagNameNS("*", "graph").item(0);
        assertEquals("undirected", graph.getAttribute("edgedefault"));

        Map<String, String> types = new HashMap<>();
        Map<String, String> idToName = new HashMap<>();
        NodeList keys = doc.getElementsByTagNameNS("*", "key");
        for (int i = 0; i < keys.getLength(); i++) {
            Element key = (Element) keys.item(i);
            types.put(key.getAttribute("attr.name") + "@" + key.getAttribute("for"), key.getAttribute("attr.type"));
            idToName.put(key.getAttribute("id"), key.getAttribute("attr.name"));
        }
        assertEquals("string", types.get("entity_id@node"));
        assertEquals("string", types.get("entity_type@node"));
        assertEquals("double", types.get("weight@edge"));
        assertEquals("string", types.get("keywords@edge"));
        for (String shared : List.of("description", "source_id", "file_path", "truncate")) {
            assertEquals("string", types.get(shared + "@all"), shared);
        }
        assertEquals("long", types.get("created_at@all"));

        Element node = (Element) doc.getElementsByTagNameNS("*", "node").item(0);
        assertEquals("Алиса Петровна", node.getAttribute("id"));
        assertEquals(List.of("entity_id", "entity_type", "description", "source_id", "file_path", "created_at",
                "truncate"), dataNames(node, idToName));
        Element edge = (Element) doc.getElementsByTagNameNS("*", "edge").item(0);
        assertEquals(List.of("weight", "description", "keywords", "source_id", "file_path", "created_at",
                "truncate"), dataNames(edge, idToName));
    }

    private static List<String> dataNames(Element element, Map<String, String> idToName) {
        NodeList data = element.getElementsByTagNameNS("*", "data");
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < data.getLength(); i++) {
            names.add(idToName.get(((Element) data.item(i)).getAttribute("key")));
        }
        return names;
    }

    /** The shape NetworkX writes (LightRAG reference §1.9): keys d13..d0, empty data elements, escaped SEP. */
    @Test
    void readsALightRagFile() throws Exception {
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
        KnowledgeGraph g = GraphmlStore.read(file);

        assertEquals(List.of("Alice", "Acme Corp", "Сергей & \"сыновья\""),
                g.entities().stream().map(EntityNode::name).toList());
        assertEquals(new EntityNode("Alice", "person", "Alice is the founder of Acme Corp.<SEP>Alice lives in Berlin.",
                "doc-5d41-chunk-000<SEP>doc-5d41-chunk-003", "notes.txt", 1_750_000_040L, ""),
                g.entity("Alice").orElseThrow());
        assertEquals("UNKNOWN", g.entity("Acme Corp").orElseThrow().type());
        assertEquals(new EntityNode("Сергей & \"сыновья\"", "", "", "", "", 0, ""),
                g.entity("Сергей & \"сыновья\"").orElseThrow());

        assertEquals(new RelationEdge("Alice", "Acme Corp", 2.0, "Alice founded Acme Corp in 2001.",
                "founding,ownership", "doc-5d41-chunk-000", "notes.txt", 1_750_000_041L, ""),
                g.relation("Acme Corp", "Alice").orElseThrow());
        RelationEdge bare = g.relation("Alice", "Сергей & \"сыновья\"").orElseThrow();
        assertEquals(1.0, bare.weight());
        assertEquals("", bare.description());
        assertEquals(0, bare.createdAt());
    }

    @Test
    void controlCharactersAreStrippedOnWrite() throws Exception {
        KnowledgeGraph g = new KnowledgeGraph();
        g.putEntity(new EntityNode("Bell\u0007", "x\u0000y", "tab\tnew\nline\rcr\u001F", "", "", 0, ""));
        g.putEntity(new EntityNode("Other", "", "", "", "", 0, ""));
        g.putRelation(new RelationEdge("Bell\u0007", "Other", 1, "a\u000Bb", "", "", "", 0, ""));
        Path file = dir.resolve("graph.graphml");
        GraphmlStore.write(g, file);
        KnowledgeGraph read = GraphmlStore.read(file);
        EntityNode bell = read.entity("Bell").orElseThrow();
        assertEquals("xy", bell.type());
        assertEquals("tab\tnew\nline\rcr", bell.description());
        assertEquals("ab", read.relation("Bell", "Other").orElseThrow().description());
    }

    @Test
    void missingFileGivesEmptyGraph() throws Exception {
        KnowledgeGraph g = GraphmlStore.read(dir.resolve("none.graphml"));
        assertEquals(0, g.entityCount());
    }

    @Test
    void emptyGraphRoundTrips() throws Exception {
        Path file = dir.resolve("graph.graphml");
        GraphmlStore.write(new KnowledgeGraph(), file);
        assertEquals(0, GraphmlStore.read(file).entityCount());
    }
}
