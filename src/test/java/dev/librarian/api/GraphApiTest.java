package dev.librarian.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.graph.EntityNode;
import dev.librarian.graph.KnowledgeGraph;
import dev.librarian.graph.RelationEdge;
import dev.librarian.library.LibraryStores;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.LibrarianExtension;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LightRAG's graph read API over an indexed library, and the web page's files. */
class GraphApiTest {

    @RegisterExtension
    final LibrarianExtension service = LibrarianExtension.withEmbeddingDim(16)
            .settings(Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20"));

    private KnowledgeGraph graph;

    @BeforeEach
    void start() throws Exception {
        String text = Corpus.excerpt(Corpus.TURGENEV, 5000, 2500);
        String docId = json(service.librarian().post("/documents/text", "{\"text\": " + quote(text)
                + ", \"file_source\": \"otcy.txt\"}")).get("doc_id").asText();
        assertEquals(DocStatus.PROCESSED, service.librarian().awaitFinished(docId, Duration.ofSeconds(60)));
        graph = service.librarian().context().getRegistry().lookupByNameAndType("stores", LibraryStores.class).graph();
        assertTrue(graph.relationCount() > 3, "the sample has a graph to look at");
    }

    @Test
    void should_list_every_entity_and_the_best_connected_first() throws Exception {
        List<String> labels = strings(json(service.librarian().get("/graph/label/list")));
        assertEquals(graph.entities().stream().map(EntityNode::name).sorted().toList(), labels);

        List<String> popular = strings(json(service.librarian().get("/graph/label/popular?limit=3")));
        assertEquals(3, popular.size());
        int top = graph.entities().stream().mapToInt(e -> graph.degree(e.name())).max().orElseThrow();
        assertEquals(top, graph.degree(popular.get(0)));

        String name = popular.get(0);
        List<String> found = strings(json(service.librarian().get("/graph/label/search?q="
                + enc(name.substring(0, 3).toLowerCase()))));
        assertTrue(found.contains(name), found + " holds " + name);
    }

    @Test
    void should_give_the_entity_its_neighbours_and_their_relations_in_lightrag_shape() throws Exception {
        String name = strings(json(service.librarian().get("/graph/label/popular?limit=1"))).get(0);

        HttpResponse<String> response = service.librarian()
                .get("/graphs?label=" + enc(name) + "&max_depth=1&max_nodes=500");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        Set<String> expected = new HashSet<>(Set.of(name));
        for (RelationEdge edge : graph.relationsOf(name)) {
            expected.add(edge.source());
            expected.add(edge.target());
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode node : body.get("nodes")) {
            ids.add(node.get("id").asText());
            assertEquals(node.get("id").asText(), node.get("labels").get(0).asText());
            assertEquals(node.get("id").asText(), node.get("properties").get("entity_id").asText());
            assertFalse(node.get("properties").get("entity_type").asText().isEmpty(), node.toString());
        }
        assertEquals(expected, ids, "the entity and every direct neighbour");
        assertTrue(body.get("edges").size() >= graph.degree(name));
        for (JsonNode edge : body.get("edges")) {
            String source = edge.get("source").asText();
            String target = edge.get("target").asText();
            assertTrue(ids.contains(source) && ids.contains(target), edge.toString());
            assertTrue(source.compareTo(target) < 0, "ends in sorted order: " + edge);
            assertEquals(source + "-" + target, edge.get("id").asText());
            assertTrue(graph.relation(source, target).isPresent(), edge.toString());
            assertTrue(edge.get("properties").get("weight").asDouble() > 0, edge.toString());
        }
        assertFalse(body.get("is_truncated").asBoolean());
    }

    @Test
    void should_cut_at_max_nodes_and_say_so() throws Exception {
        String name = strings(json(service.librarian().get("/graph/label/popular?limit=1"))).get(0);

        JsonNode body = json(service.librarian().get("/graphs?label=" + enc(name) + "&max_depth=3&max_nodes=2"));

        assertEquals(2, body.get("nodes").size());
        assertEquals(name, body.get("nodes").get(0).get("id").asText());
        assertTrue(body.get("is_truncated").asBoolean());
        JsonNode all = json(service.librarian().get("/graphs?label=*&max_nodes=4"));
        assertEquals(4, all.get("nodes").size());
        assertTrue(all.get("is_truncated").asBoolean());
    }

    @Test
    void should_answer_no_nodes_for_an_unknown_entity_and_400_for_bad_parameters() throws Exception {
        HttpResponse<String> unknown = service.librarian()
                .get("/graphs?label=" + enc("Иван, (Петрович)") + "&max_depth=2");
        assertEquals(200, unknown.statusCode(), unknown.body());
        assertEquals(0, json(unknown).get("nodes").size());

        HttpResponse<String> noLabel = service.librarian().get("/graphs");
        assertEquals(400, noLabel.statusCode(), noLabel.body());
        assertTrue(json(noLabel).get("detail").asText().contains("label is required"), noLabel.body());

        HttpResponse<String> badDepth = service.librarian().get("/graphs?label=x&max_depth=deep");
        assertEquals(400, badDepth.statusCode(), badDepth.body());
        assertTrue(json(badDepth).get("detail").asText().contains("max_depth must be a whole number"));

        HttpResponse<String> noQuery = service.librarian().get("/graph/label/search");
        assertEquals(400, noQuery.statusCode(), noQuery.body());
    }

    @Test
    void should_serve_the_page_and_its_files_from_the_classpath_only() throws Exception {
        HttpResponse<String> page = service.librarian().get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script src=\"/ui/app.js\"></script>"), page.body());

        HttpResponse<String> list = service.librarian().get("/documents");
        assertEquals(200, list.statusCode(), "the page's document list, at LightRAG's path");
        assertEquals(1, json(list).get("statuses").get("processed").size(), list.body());

        HttpResponse<String> script = service.librarian().get("/ui/app.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertEquals(200, service.librarian().get("/ui/style.css").statusCode());
        assertEquals(200, service.librarian().get("/ui/graph.js").statusCode());

        for (String path : List.of("/ui/nothing.js", "/ui/..%2F..%2Fpom.xml", "/ui/application.properties")) {
            HttpResponse<String> missing = service.librarian().get(path);
            assertEquals(404, missing.statusCode(), path + ": " + missing.body());
            assertTrue(json(missing).get("detail").asText().startsWith("no such page file"), missing.body());
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String quote(String s) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
    }
}
