package dev.librarian.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.graph.KnowledgeGraph;
import dev.librarian.graph.RelationEdge;
import dev.librarian.intake.DocumentIds;
import dev.librarian.library.LibraryStores;
import dev.librarian.testing.BookFiles;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.HeadlessChromium;
import dev.librarian.testing.HeadlessChromium.Element;
import dev.librarian.testing.RunningLibrarian;
import dev.librarian.testing.SampleBook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web page at {@code GET /} in a real headless Chromium: a document indexed over the API shows up and its bar
 * fills, an upload through the page's file box becomes a row, a question gets its answer and references, an entity's
 * neighbourhood is drawn, and the screenshot is a real page; with an API key set the page asks for it and then works
 * with it. Skipped without Chromium unless REQUIRE_BROWSER=1.
 */
class StatusPageBrowserTest {

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 1000;
    private static final Path SCREENSHOT = Path.of("target", "screenshots", "status-page.png");
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;
    private FakeOllama ollama;
    private RunningLibrarian librarian;
    private HeadlessChromium browser;

    @BeforeEach
    void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
        // LLM calls that take a while, so the document stays in progress long enough to be seen
        ollama.chatLatency(Duration.ofMillis(400));
        browser = HeadlessChromium.start(tmp, WIDTH, HEIGHT);
    }

    private void startLibrarian(Map<String, String> extra) throws Exception {
        Map<String, String> props = new HashMap<>(Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20",
                "MAX_ASYNC_LLM", "2"));
        props.putAll(extra);
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama, props);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (librarian != null) {
            librarian.close();
        }
        if (ollama != null) {
            ollama.close();
        }
    }

    @Test
    void should_show_documents_live_upload_answer_and_draw_the_graph() throws Exception {
        startLibrarian(Map.of());
        browser.open(librarian.url("/"));
        awaitPage(() -> browser.find("#no-documents").displayed(), "the empty library says so");
        awaitPage(() -> "live".equals(browser.find("#live").text()), "the page follows /documents/events");

        // a document indexed over the API appears without reloading the page, and its bar fills up
        String text = Corpus.excerpt(Corpus.TURGENEV, 5000, 5000);
        String docId = json(librarian.post("/documents/text", "{\"text\": " + quote(text)
                + ", \"file_source\": \"otcy-i-deti.txt\"}")).get("doc_id").asText();
        String row = "#documents tr[data-doc-id='" + docId + "']";
        Set<String> seen = new LinkedHashSet<>();
        Set<String> barsBeforeDone = new LinkedHashSet<>();
        awaitPage(() -> {
            // status and bar read in one go, so they belong to the same rendering of the row
            @SuppressWarnings("unchecked")
            List<String> shown = (List<String>) browser.script("const r = document.querySelector(arguments[0]);"
                    + " return r ? [r.querySelector('.status').textContent,"
                    + " r.querySelector('.bar').getAttribute('aria-valuenow')] : null;", row);
            if (shown != null) {
                seen.add(shown.get(0));
                if (!"processed".equals(shown.get(0))) {
                    barsBeforeDone.add(shown.get(1));
                }
            }
            return seen.contains("processed");
        }, "the document row reaches processed");
        assertTrue(seen.stream().anyMatch(s -> s.equals("pending") || s.equals("processing")),
                "the row showed the document before it was done: " + seen);
        assertTrue(barsBeforeDone.stream().noneMatch("100"::equals), "no full bar before processed: " + barsBeforeDone);
        assertTrue(barsBeforeDone.stream().mapToInt(Integer::parseInt).anyMatch(v -> v > 0),
                "the bar grew while the chunks were extracted: " + barsBeforeDone);
        assertEquals("otcy-i-deti.txt", browser.find(row + " .doc-name").text());
        assertEquals("100", browser.find(row + " .bar").attribute("aria-valuenow"));
        awaitPage(() -> fillRatio(row) > 0.99, "the processed bar is drawn full width");

        // upload through the page's file box
        Path note = Files.writeString(tmp.resolve("заметки.txt"), Corpus.excerpt(Corpus.CHEKHOV, 3000, 1200),
                StandardCharsets.UTF_8);
        browser.find("#upload-file").sendKeys(note.toAbsolutePath().toString());
        browser.find("#upload-submit").click();
        String uploaded = "#documents tr[data-doc-id='doc-" + DocumentIds.md5Hex("заметки.txt") + "']";
        awaitPage(() -> browser.findAll(uploaded).size() == 1, "the uploaded file becomes a row");
        assertEquals("заметки.txt", browser.find(uploaded + " .doc-name").text());
        assertTrue(browser.find("#upload-result").text().contains("заметки.txt: accepted"),
                browser.find("#upload-result").text());
        awaitPage(() -> "processed".equals(browser.find(uploaded + " .status").text()), "the upload is indexed");

        // a book: its author and title show under the file name (from the event stream)
        assertEquals(200, librarian.upload("палата.epub", BookFiles.epub(SampleBook.chekhov(20, 1))).statusCode());
        String book = "#documents tr[data-doc-id='doc-" + DocumentIds.md5Hex("палата.epub") + "']";
        awaitPage(() -> browser.findAll(book).size() == 1
                && browser.find(book + " .doc-sub").text().startsWith("Антон Павлович Чехов — Палата № 6"),
                "the book's author and title show");
        awaitPage(() -> "processed".equals(browser.find(book + " .status").text()), "the book is indexed");
        assertTrue(browser.find(book + " .doc-sub").text().startsWith("Антон Павлович Чехов — Палата № 6"));

        // a question in the chosen mode: the answer is shown as text (markup stays literal) with its references
        KnowledgeGraph graph = librarian.context().getRegistry().lookupByNameAndType("stores", LibraryStores.class)
                .graph();
        String entity = json(librarian.get("/graph/label/popular?limit=1")).get(0).asText();
        String question = "Кто такой " + entity + "? <b>bold</b>";
        browser.find("#query-text").sendKeys(question);
        browser.find("#query-mode option[value='local']").click();
        browser.find("#query-submit").click();
        awaitPage(() -> browser.find("#answer").displayed() && !browser.find("#answer").text().isBlank(),
                "an answer is shown");
        JsonNode expected = json(librarian.post("/query", "{\"query\": " + quote(question) + ", \"mode\": \"local\"}"));
        assertEquals(squash(expected.get("response").asText()), squash(browser.find("#answer").text()));
        assertTrue(browser.find("#answer").text().contains("<b>bold</b>"), "markup is shown as text");
        assertEquals(0, browser.findAll("#answer b").size(), "the answer is never parsed as HTML");
        List<Element> references = browser.findAll("#references li");
        assertEquals(expected.get("references").size(), references.size());
        assertTrue(references.size() >= 1, "the answer has a reference");
        assertTrue(references.get(0).text().contains(".txt"), references.get(0).text());
        assertTrue(browser.find("#query-status").text().startsWith("local"), browser.find("#query-status").text());

        // the graph around an entity: it and its direct neighbours are drawn
        browser.find("#entity").sendKeys(entity);
        browser.find("#graph-depth option[value='1']").click();
        browser.find("#graph-submit").click();
        awaitPage(() -> !browser.findAll("#graph-view g.node").isEmpty(), "the graph is drawn");
        Set<String> drawn = new HashSet<>();
        for (Element node : browser.findAll("#graph-view g.node")) {
            drawn.add(node.attribute("data-id"));
        }
        Set<String> neighbourhood = new HashSet<>(Set.of(entity));
        for (RelationEdge edge : graph.relationsOf(entity)) {
            neighbourhood.add(edge.source());
            neighbourhood.add(edge.target());
        }
        assertEquals(neighbourhood, drawn);
        assertEquals(entity, browser.find("#graph-view g.node.centre").attribute("data-id"));
        assertTrue(browser.findAll("#graph-view line.edge.from-centre").size() == graph.degree(entity),
                "one line per relation of the entity");
        assertTrue(browser.find("#graph-details").text().startsWith(entity), browser.find("#graph-details").text());

        checkScreenshot();
    }

    /**
     * A main character: a neighbourhood of 80 entities (served to the page by a stand-in for {@code /graphs}, so the
     * crowd is the same on every run) is drawn 30 at a time with "Show more", its labels cover neither each other
     * nor other nodes and stay inside the view, and a legend names the entity types in their colours (checked on the
     * screenshot). An unknown entity then clears the side panel, a refused question clears the previous answer, the
     * document list is ordered by its "Updated" column, and /docs renders the API's description.
     */
    @Test
    void should_draw_a_main_characters_crowd_readably_and_clear_stale_panels() throws Exception {
        startLibrarian(Map.of());
        browser.open(librarian.url("/"));
        awaitPage(() -> "live".equals(browser.find("#live").text()), "the page is up");
        browser.script(CROWD_STUB);

        browser.find("#entity").sendKeys("Базаров");
        browser.find("#graph-submit").click();
        awaitPage(() -> browser.findAll("#graph-view g.node").size() == 30, "the first 30 entities are drawn");
        assertEquals("Базаров", browser.find("#graph-view g.node.centre").attribute("data-id"));
        assertTrue(browser.find("#graph-more").displayed(), "a Show more button for the rest");
        assertReadableLabels(0.8);
        assertLegendMatchesNodes();
        checkGraphScreenshot("graph-crowd.png");

        browser.find("#graph-more").click();
        awaitPage(() -> browser.findAll("#graph-view g.node").size() == 60, "Show more draws 30 more");
        assertReadableLabels(0.5);
        assertLegendMatchesNodes();
        assertTrue(browser.find("#graph-details").text().startsWith("Базаров"), browser.find("#graph-details").text());

        // an unknown entity: nothing of Базаров stays on screen
        browser.script("document.getElementById('entity').value = ''");
        browser.find("#entity").sendKeys("Нет такого");
        browser.find("#graph-submit").click();
        awaitPage(() -> browser.findAll("#graph-view g.node").isEmpty(), "the unknown entity clears the graph");
        assertTrue(browser.find("#graph-details").text().startsWith("Pick an entity"),
                "the side panel is cleared: " + browser.find("#graph-details").text());
        assertTrue(browser.findAll("#graph-legend .legend-item").isEmpty(), "and the legend");
        assertTrue(!browser.find("#graph-more").displayed(), "and Show more");

        // a question answered, then one refused: the first answer does not stay on screen
        browser.find("#query-text").sendKeys("Кто такой Базаров?");
        browser.find("#query-submit").click();
        awaitPage(() -> browser.find("#answer").displayed() && !browser.find("#answer").text().isBlank(),
                "an answer is shown");
        browser.script("document.getElementById('query-text').value = 'ab'");
        browser.find("#query-submit").click();
        awaitPage(() -> browser.find("#query-status").text().contains("at least 3"), "the short question is refused");
        assertTrue(!browser.find("#answer").displayed() && browser.find("#answer").text().isBlank(),
                "the previous answer is gone");
        assertTrue(!browser.find("#references-block").displayed(), "and its references");

        // the list is sorted as its column says: the most recently updated first, not the most recently created
        // (nor in the order the server lists them); the page reloads the list when the key field changes
        browser.script(DOCUMENTS_STUB);
        browser.script("document.getElementById('api-key').dispatchEvent(new Event('change'))");
        String rows = "return [...document.querySelectorAll('#documents tbody tr')]"
                + ".map((tr) => tr.firstElementChild.firstChild.textContent)";
        awaitPage(() -> List.of("updated-last.txt", "created-last.txt", "oldest.txt").equals(browser.script(rows)),
                "the documents are listed most recently updated first");

        // the API's description, rendered by /docs without anything from the internet
        browser.open(librarian.url("/docs"));
        awaitPage(() -> browser.findAll(".docs-path-name").size() > 20, "/docs lists the paths");
        assertTrue(browser.find("#api").text().contains("/documents/text"), browser.find("#api").text());
        assertTrue(browser.find("#api").text().contains("Index one text"), "with their descriptions");
    }

    /**
     * Serves the page three documents in creation order, the one created last not the one updated last (and one
     * never updated).
     */
    private static final String DOCUMENTS_STUB = """
            const fetchBefore = window.fetch;
            window.fetch = (path, opts) => {
              if (new URL(path, location.href).pathname !== '/documents') return fetchBefore(path, opts);
              const doc = (name, created, updated) => ({ id: 'doc-' + name, file_path: name + '.txt',
                  status: 'processed', chunks_count: 1, created_at: created, updated_at: updated });
              return Promise.resolve(new Response(JSON.stringify({ statuses: { processed: [
                  Object.assign(doc('oldest', '2026-01-01T00:00:00'), { updated_at: undefined }),
                  doc('updated-last', '2026-01-02T00:00:00', '2026-01-04T00:00:00'),
                  doc('created-last', '2026-01-03T00:00:00', '2026-01-03T00:00:01')] } }),
                  { status: 200, headers: { 'Content-Type': 'application/json' } }));
            };
            """;

    /** Serves the page a main character's neighbourhood: Базаров and 80 others of five types, capped by max_nodes. */
    private static final String CROWD_STUB = """
            const realFetch = window.fetch;
            window.fetch = (path, opts) => {
              const url = new URL(path, location.href);
              if (url.pathname !== '/graphs') return realFetch(path, opts);
              const cap = Number(url.searchParams.get('max_nodes'));
              const reply = (body) => Promise.resolve(new Response(JSON.stringify(body),
                  { status: 200, headers: { 'Content-Type': 'application/json' } }));
              if (url.searchParams.get('label') !== 'Базаров') return reply({ nodes: [], edges: [], is_truncated: false });
              const types = ['person', 'location', 'organization', 'event', 'concept'];
              const all = [{ id: 'Базаров', labels: ['Базаров'], properties: { entity_type: 'person',
                  description: 'Нигилист, студент-медик' } }];
              for (let i = 1; i <= 80; i++) {
                all.push({ id: (i % 3 ? 'Персонаж ' : 'Очень длинное имя персонажа ') + i, labels: [],
                  properties: { entity_type: types[i % types.length] } });
              }
              const nodes = all.slice(0, cap);
              const edges = nodes.slice(1).map((n) => ({ id: 'Базаров|' + n.id, source: 'Базаров', target: n.id,
                  properties: {} }));
              for (let i = 2; i < nodes.length; i += 3) {
                edges.push({ id: nodes[i - 1].id + '|' + nodes[i].id, source: nodes[i - 1].id, target: nodes[i].id,
                    properties: {} });
              }
              return reply({ nodes, edges, is_truncated: all.length > cap });
            };
            """;

    /**
     * The drawn labels' boxes: none overlaps another label or another node's circle, all lie inside the view, and
     * at least {@code share} of the nodes (the centre always) have one; no node is drawn on another.
     */
    private void assertReadableLabels(double share) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> drawn = (Map<String, Object>) browser.script("""
                const box = (r) => [r.left, r.top, r.right, r.bottom];
                const view = box(document.getElementById('graph-view').getBoundingClientRect());
                const groups = [...document.querySelectorAll('#graph-view g.node')];
                return {
                  view,
                  nodes: groups.length,
                  centreLabelled: !!document.querySelector('#graph-view g.node.centre text'),
                  labels: groups.filter((g) => g.querySelector('text'))
                      .map((g) => [g.dataset.id].concat(box(g.querySelector('text').getBoundingClientRect()))),
                  circles: groups.map((g) => [g.dataset.id].concat(box(g.querySelector('circle').getBoundingClientRect()))),
                };""");
        List<List<Object>> labels = (List<List<Object>>) drawn.get("labels");
        List<List<Object>> circles = (List<List<Object>>) drawn.get("circles");
        List<Number> view = (List<Number>) drawn.get("view");
        int nodes = ((Number) drawn.get("nodes")).intValue();
        assertEquals(Boolean.TRUE, drawn.get("centreLabelled"), "the centre is labelled");
        assertTrue(labels.size() >= share * nodes, labels.size() + " of " + nodes + " nodes labelled");
        double slack = 0.5;
        for (int i = 0; i < labels.size(); i++) {
            List<Object> a = labels.get(i);
            assertTrue(num(a, 1) >= num(view, 0) - slack && num(a, 2) >= num(view, 1) - slack
                    && num(a, 3) <= num(view, 2) + slack && num(a, 4) <= num(view, 3) + slack,
                    "label of " + a.get(0) + " is inside the view: " + a + " in " + view);
            for (int j = i + 1; j < labels.size(); j++) {
                assertTrue(!overlap(a, labels.get(j), slack), "labels overlap: " + a + " and " + labels.get(j));
            }
            for (List<Object> c : circles) {
                if (!c.get(0).equals(a.get(0))) {
                    assertTrue(!overlap(a, c, slack), "label " + a + " covers node " + c);
                }
            }
        }
        for (int i = 0; i < circles.size(); i++) {
            for (int j = i + 1; j < circles.size(); j++) {
                assertTrue(!discsOverlap(circles.get(i), circles.get(j)),
                        "nodes drawn on each other: " + circles.get(i) + " and " + circles.get(j));
            }
        }
    }

    /** The legend lists exactly the types of the drawn nodes, each in the colour of its nodes' circles. */
    private void assertLegendMatchesNodes() throws Exception {
        Map<String, String> legend = coloursByType("#graph-legend .legend-item", ".swatch", "backgroundColor");
        assertEquals(coloursByType("#graph-view g.node", "circle", "fill"), legend, "legend entries and their colours");
        assertEquals(5, legend.size(), legend.toString());
    }

    /** For each element of {@code items}, its {@code data-type} and the computed {@code paint} of its {@code part}. */
    @SuppressWarnings("unchecked")
    private Map<String, String> coloursByType(String items, String part, String paint) throws Exception {
        return (Map<String, String>) browser.script("const out = {};"
                + " document.querySelectorAll(arguments[0]).forEach((e) => {"
                + " out[e.dataset.type] = getComputedStyle(e.querySelector(arguments[1]))[arguments[2]]; });"
                + " return out;", items, part, paint);
    }

    /** The graph as the user sees it: each legend colour is painted in the view (the nodes are really drawn). */
    private void checkGraphScreenshot(String name) throws Exception {
        browser.script("document.getElementById('graph-view').scrollIntoView()");
        byte[] png = browser.screenshot();
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT.resolveSibling(name), png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        @SuppressWarnings("unchecked")
        List<Number> r = (List<Number>) browser.script("const r = document.getElementById('graph-view')"
                + ".getBoundingClientRect(); return [r.left, r.top, r.width, r.height];");
        int x = Math.max(0, r.get(0).intValue());
        int y = Math.max(0, r.get(1).intValue());
        int w = Math.min(image.getWidth() - x, r.get(2).intValue());
        int h = Math.min(image.getHeight() - y, r.get(3).intValue());
        assertTrue(w > 400 && h > 200, "the graph is on screen: " + r);
        @SuppressWarnings("unchecked")
        List<String> colours = (List<String>) browser.script("return [...document.querySelectorAll("
                + "'#graph-legend .swatch')].map((s) => getComputedStyle(s).backgroundColor)");
        for (String colour : colours) {
            String[] rgb = colour.replaceAll("[^0-9,]", "").split(",");
            int value = (Integer.parseInt(rgb[0]) << 16) | (Integer.parseInt(rgb[1]) << 8) | Integer.parseInt(rgb[2]);
            assertTrue(pixelsNear(image, x, y, w, h, value) > 50, "nodes painted in " + colour);
        }
    }

    private static double num(List<?> values, int index) {
        return ((Number) values.get(index)).doubleValue();
    }

    /** Whether two circles, given by their bounding boxes, overlap (more than a pixel). */
    private static boolean discsOverlap(List<Object> a, List<Object> b) {
        double ra = (num(a, 3) - num(a, 1)) / 2;
        double rb = (num(b, 3) - num(b, 1)) / 2;
        double dx = (num(a, 1) + ra) - (num(b, 1) + rb);
        double dy = (num(a, 2) + ra) - (num(b, 2) + rb);
        return Math.hypot(dx, dy) < ra + rb - 1;
    }

    private static boolean overlap(List<Object> a, List<Object> b, double slack) {
        return num(a, 1) < num(b, 3) - slack && num(b, 1) < num(a, 3) - slack
                && num(a, 2) < num(b, 4) - slack && num(b, 2) < num(a, 4) - slack;
    }

    @Test
    void should_ask_for_the_api_key_and_then_follow_the_library_with_it() throws Exception {
        String key = "s3cret-" + UUID.randomUUID();
        startLibrarian(Map.of("LIGHTRAG_API_KEY", key));
        HttpResponse<String> inserted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(librarian.url("/documents/text")))
                .header("Content-Type", "application/json").header("X-API-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": " + quote(Corpus.excerpt(Corpus.CHEKHOV, 9000,
                        600)) + ", \"file_source\": \"palata.txt\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, inserted.statusCode(), inserted.body());
        String docId = json(inserted).get("doc_id").asText();

        browser.open(librarian.url("/"));
        awaitPage(() -> !browser.findAll("label.key.wanted").isEmpty(), "the key field asks for the key");
        assertTrue(browser.findAll("#documents tbody tr").isEmpty(), "nothing is shown without the key");

        browser.find("#api-key").sendKeys(key);
        browser.find("h1").click(); // leaving the field commits it
        String row = "#documents tr[data-doc-id='" + docId + "']";
        awaitPage(() -> "processed".equals(browser.find(row + " .status").text()), "the library with the key");
        awaitPage(() -> "live".equals(browser.find("#live").text()), "the event stream, opened with the key");
        assertTrue(browser.findAll("label.key.wanted").isEmpty(), "the key field is content");
        assertEquals(key, browser.script("return localStorage.getItem('librarian.apiKey')"),
                "the key is kept for the next visit");
    }

    private void checkScreenshot() throws Exception {
        browser.script("window.scrollTo(0, 0)");
        byte[] png = browser.screenshot();
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "the screenshot is a PNG");
        assertEquals(WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());
        assertTrue(distinctColours(image, 0, 0, WIDTH, HEIGHT) > 200, "a drawn page, not a blank one");

        @SuppressWarnings("unchecked")
        Map<String, Number> table = (Map<String, Number>) browser.script(
                "const r = document.querySelector('#documents').getBoundingClientRect();"
                        + " return {x: r.x, y: r.y, w: r.width, h: r.height};");
        int x = table.get("x").intValue();
        int y = table.get("y").intValue();
        int w = table.get("w").intValue();
        int h = table.get("h").intValue();
        assertTrue(w > 400 && h > 60 && x + w <= WIDTH && y + h <= HEIGHT, "the table is on screen: " + table);
        assertTrue(distinctColours(image, x, y, w, h) > 30, "the document table is not a uniform area");
        // the two processed rows' full bars: the page's green, some thousands of pixels
        assertTrue(pixelsNear(image, x, y, w, h, 0x1f9d55) > 2 * 800, "full green bars in the table");
    }

    private double fillRatio(String row) throws Exception {
        Number ratio = (Number) browser.script("const bar = document.querySelector(arguments[0] + ' .bar');"
                + " return bar.firstChild.getBoundingClientRect().width / bar.getBoundingClientRect().width;", row);
        return ratio.doubleValue();
    }

    private static int distinctColours(BufferedImage image, int x, int y, int w, int h) {
        Set<Integer> colours = new HashSet<>();
        for (int i = x; i < x + w; i++) {
            for (int j = y; j < y + h; j++) {
                colours.add(image.getRGB(i, j) & 0xffffff);
            }
        }
        return colours.size();
    }

    private static int pixelsNear(BufferedImage image, int x, int y, int w, int h, int rgb) {
        int count = 0;
        for (int i = x; i < x + w; i++) {
            for (int j = y; j < y + h; j++) {
                int p = image.getRGB(i, j);
                if (Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) <= 4
                        && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= 4
                        && Math.abs((p & 0xff) - (rgb & 0xff)) <= 4) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Waits for the page; when it does not come, fails with what the page says and a screenshot beside it. */
    private void awaitPage(Callable<Boolean> condition, String what) {
        try {
            RunningLibrarian.await(WAIT, () -> Boolean.TRUE.equals(uncheck(condition)), what);
        } catch (AssertionError e) {
            String page;
            try {
                Files.createDirectories(SCREENSHOT.getParent());
                Files.write(SCREENSHOT.resolveSibling("status-page-failure.png"), browser.screenshot());
                page = String.valueOf(browser.script("return document.body.innerText"));
            } catch (Exception inner) {
                page = "(page unreadable: " + inner + ")";
            }
            throw new AssertionError("the page did not show: " + what + "; it reads:\n" + page, e);
        }
    }

    private static <T> T uncheck(Callable<T> call) {
        try {
            return call.call();
        } catch (HeadlessChromium.WebDriverException e) {
            return null; // the element is being re-rendered: ask again
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String squash(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private static String quote(String s) throws Exception {
        return new ObjectMapper().writeValueAsString(s);
    }
}
