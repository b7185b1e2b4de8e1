package dev.librarian.query;

import dev.librarian.chunk.Tokenizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retrieval on a small handmade library: what each mode finds, references, budgets, empty library. */
class RetrieverTest {

    @TempDir
    Path dir;
    private TestLibrary library;
    private Retriever retriever;

    @BeforeEach
    void build() {
        library = new TestLibrary(dir).withTwoBooks();
        retriever = new Retriever(library.stores, QuerySettings.defaults());
    }

    @AfterEach
    void close() {
        library.close();
    }

    private QueryContext retrieve(String json, Keywords keywords) {
        QueryRequest request = QueryRequest.parse(json);
        Keywords kw = keywords.withQueryFallback(request.query());
        List<String> texts = retriever.textsToEmbed(request, kw);
        return retriever.retrieve(request, kw, retriever.vectorsFrom(request, kw, library.embed(texts)));
    }

    private static Keywords low(String... words) {
        return new Keywords(List.of(), List.of(words));
    }

    private static Keywords high(String... words) {
        return new Keywords(List.of(words), List.of());
    }

    private static List<String> names(QueryContext ctx) {
        return ctx.entities().stream().map(RetrievedEntity::name).toList();
    }

    private static List<String> files(QueryContext ctx) {
        return ctx.references().stream().map(Reference::filePath).toList();
    }

    @Test
    void searches_run_side_by_side_find_the_same_context_as_one_after_another() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            Retriever sequential = retriever;
            Retriever parallel = new Retriever(library.stores, QuerySettings.defaults(), pool);
            Keywords kw = new Keywords(List.of("whaling voyage"), List.of("Ahab", "Pequod"));
            for (String mode : List.of("local", "global", "hybrid", "mix")) {
                String json = "{\"query\": \"Who sails on the Pequod?\", \"mode\": \"" + mode + "\"}";
                QueryContext one = retrieve(json, kw);
                retriever = parallel;
                QueryContext other = retrieve(json, kw);
                retriever = sequential;
                assertFalse(one.context().isEmpty(), mode);
                assertEquals(one.context(), other.context(), mode);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void local_mode_finds_the_named_entity_its_relations_chunks_and_file() {
        QueryContext ctx = retrieve("{\"query\": \"Who is Ahab?\", \"mode\": \"local\"}", low("Ahab"));

        assertEquals("Ahab", names(ctx).get(0), "best entity match first");
        assertTrue(ctx.relations().stream().anyMatch(r -> r.key().equals(
                dev.librarian.model.RelationKey.of("Ahab", "Moby Dick"))), "the entity's relations come along");
        assertTrue(ctx.chunks().stream().anyMatch(c -> c.chunkId().equals("doc-w-chunk-000")));
        assertEquals("whales.txt", files(ctx).get(0));
        assertEquals("1", ctx.references().get(0).referenceId());
        assertTrue(ctx.context().contains("\"entity\": \"Ahab\""), ctx.context());
        assertTrue(ctx.context().contains("[1] whales.txt"), ctx.context());
    }

    @Test
    void local_relations_are_ranked_by_edge_degree_then_weight() {
        QueryContext ctx = retrieve("{\"query\": \"the Pequod\", \"mode\": \"local\", \"top_k\": 1}", low("Pequod"));

        assertEquals(List.of("Pequod"), names(ctx));
        // Ahab–Pequod: deg 2+2 = 4; Ishmael–Pequod: 1+2 = 3
        assertEquals(List.of("Ahab", "Ishmael"), ctx.relations().stream()
                .map(r -> r.source().equals("Pequod") ? r.target() : r.source()).toList());
        assertEquals(4, ctx.relations().get(0).rank());
    }

    @Test
    void global_mode_finds_relations_by_theme_and_their_entities() {
        QueryContext ctx = retrieve("{\"query\": \"What drives the hunt?\", \"mode\": \"global\"}",
                high("hunting obsession revenge"));

        RetrievedRelation best = ctx.relations().get(0);
        assertEquals(List.of("Ahab", "Moby Dick"), List.of(best.source(), best.target()));
        assertTrue(names(ctx).containsAll(List.of("Ahab", "Moby Dick")));
        assertEquals("whales.txt", files(ctx).get(0));
    }

    @Test
    void hybrid_mode_merges_local_and_global_hits() {
        QueryContext ctx = retrieve("{\"query\": \"Mary and the hunt\", \"mode\": \"hybrid\"}",
                new Keywords(List.of("hunting obsession revenge"), List.of("Mary Lennox")));

        assertEquals("Mary Lennox", names(ctx).get(0), "round robin starts with the local list");
        assertTrue(names(ctx).contains("Ahab"), "global hits are merged in: " + names(ctx));
        assertTrue(files(ctx).containsAll(List.of("whales.txt", "gardens.txt")), files(ctx).toString());
    }

    @Test
    void mix_mode_adds_chunks_found_by_the_query_itself() {
        QueryContext ctx = retrieve("{\"query\": \"Dickon tends the garden and the roses bloom\"}",
                low("Mary Lennox"));

        assertEquals(QueryMode.MIX, ctx.mode());
        assertEquals("doc-g-chunk-001", ctx.chunks().get(0).chunkId(), "vector chunks lead the round robin");
        assertEquals("gardens.txt", files(ctx).get(0));
        assertTrue(names(ctx).contains("Mary Lennox"));
    }

    @Test
    void naive_mode_uses_chunk_vectors_only() {
        QueryContext ctx = retrieve("{\"query\": \"secret garden at Misselthwaite Manor\", \"mode\": \"naive\"}",
                Keywords.NONE);

        assertTrue(ctx.entities().isEmpty() && ctx.relations().isEmpty());
        assertEquals("doc-g-chunk-000", ctx.chunks().get(0).chunkId());
        assertEquals("gardens.txt", files(ctx).get(0));
        assertFalse(ctx.context().contains("Entities from the knowledge graph"), ctx.context());
        assertTrue(ctx.context().contains("Misselthwaite"));
    }

    @Test
    void references_are_numbered_by_frequency_then_first_appearance() {
        List<ChunkPicker.Candidate> chunks = List.of(
                new ChunkPicker.Candidate("a1", "x", "a.txt"),
                new ChunkPicker.Candidate("b1", "x", "b.txt"),
                new ChunkPicker.Candidate("c1", "x", "unknown_source"),
                new ChunkPicker.Candidate("b2", "x", "b.txt"),
                new ChunkPicker.Candidate("d1", "x", "d.txt"));

        ReferenceNumbering.Numbered n = ReferenceNumbering.number(chunks);

        assertEquals(List.of(new Reference("1", "b.txt"), new Reference("2", "a.txt"), new Reference("3", "d.txt")),
                n.references());
        assertEquals(List.of("2", "1", "", "1", "3"), n.chunks().stream().map(RetrievedChunk::referenceId).toList());
    }

    @Test
    void token_budgets_cut_the_lists() {
        Keywords kw = low("Pequod", "Ahab", "Ishmael");
        QueryContext full = retrieve("{\"query\": \"the Pequod\", \"mode\": \"local\"}", kw);
        assertTrue(full.entities().size() > 1 && full.relations().size() > 1 && full.chunks().size() > 1,
                full.entities() + "\n" + full.relations() + "\n" + full.chunks());
        ContextRenderer renderer = new ContextRenderer();
        Tokenizer tokenizer = Tokenizer.o200k();
        int oneEntity = tokenizer.count(renderer.entityLine(full.entities().get(0)));
        int oneRelation = tokenizer.count(renderer.relationLine(full.relations().get(0)));

        QueryContext cut = retrieve("{\"query\": \"the Pequod\", \"mode\": \"local\", \"max_entity_tokens\": "
                + oneEntity + ", \"max_relation_tokens\": " + oneRelation + ", \"chunk_top_k\": 1}", kw);

        assertEquals(List.of(full.entities().get(0)), cut.entities(), "only the best entity fits");
        assertEquals(List.of(full.relations().get(0)), cut.relations(), "only the best relation fits");
        assertEquals(1, cut.chunks().size(), "chunk_top_k caps the chunks");
    }

    @Test
    void a_total_budget_with_no_room_for_chunks_keeps_the_graph_part_only() {
        QueryContext ctx = retrieve("{\"query\": \"the Pequod\", \"mode\": \"local\", \"max_total_tokens\": 100}",
                low("Pequod"));

        assertFalse(ctx.entities().isEmpty());
        assertTrue(ctx.chunks().isEmpty());
        assertTrue(ctx.references().isEmpty());
    }

    @Test
    void entity_budget_below_one_line_drops_entities_but_not_relations() {
        QueryContext ctx = retrieve("{\"query\": \"the Pequod\", \"mode\": \"local\", \"max_entity_tokens\": 1}",
                low("Pequod"));

        assertTrue(ctx.entities().isEmpty());
        assertFalse(ctx.relations().isEmpty());
        assertFalse(ctx.isEmpty());
    }

    @Test
    void an_empty_library_gives_an_empty_context_in_every_mode() {
        try (TestLibrary empty = new TestLibrary(dir.resolve("empty"))) {
            Retriever r = new Retriever(empty.stores, QuerySettings.defaults());
            for (QueryMode mode : List.of(QueryMode.NAIVE, QueryMode.LOCAL, QueryMode.GLOBAL, QueryMode.HYBRID,
                    QueryMode.MIX)) {
                QueryRequest req = QueryRequest.parse("{\"query\": \"Who is Ahab?\", \"mode\": \"" + mode.wire() + "\"}");
                Keywords kw = new Keywords(List.of("whaling"), List.of("Ahab"));
                QueryContext ctx = r.retrieve(req, kw, r.vectorsFrom(req, kw, empty.embed(r.textsToEmbed(req, kw))));
                assertTrue(ctx.isEmpty(), mode + " found something in an empty library");
                assertEquals("", ctx.context());
            }
        }
    }

    @Test
    void graph_modes_without_keywords_search_nothing() {
        String longQuery = "{\"query\": \"" + "Tell me everything about the whaling voyage and its crew, please",
                json = longQuery + "\", \"mode\": \"mix\"}";
        QueryRequest req = QueryRequest.parse(json);
        Keywords kw = Keywords.NONE.withQueryFallback(req.query());

        assertTrue(kw.isEmpty(), "queries of 50+ characters get no fallback keyword");
        assertEquals(List.of(), retriever.textsToEmbed(req, kw));
        assertTrue(retriever.retrieve(req, kw, QueryVectors.NONE).isEmpty());
    }

    @Test
    void texts_to_embed_follow_the_mode_and_are_matched_back() {
        Keywords kw = new Keywords(List.of("whaling", "revenge"), List.of("Ahab"));
        QueryRequest mix = QueryRequest.parse("{\"query\": \"Who is Ahab?\"}");
        assertEquals(List.of("Who is Ahab?", "Ahab", "whaling, revenge"), retriever.textsToEmbed(mix, kw));
        QueryRequest naive = QueryRequest.parse("{\"query\": \"Who is Ahab?\", \"mode\": \"naive\"}");
        assertEquals(List.of("Who is Ahab?"), retriever.textsToEmbed(naive, kw));
        QueryRequest bypass = QueryRequest.parse("{\"query\": \"Who is Ahab?\", \"mode\": \"bypass\"}");
        assertEquals(List.of(), retriever.textsToEmbed(bypass, kw));
        QueryRequest global = QueryRequest.parse("{\"query\": \"Who is Ahab?\", \"mode\": \"global\"}");
        assertEquals(List.of("Who is Ahab?", "whaling, revenge"), retriever.textsToEmbed(global, kw));

        // the fallback keyword equals the query: embedded once, used twice
        Keywords fallback = Keywords.NONE.withQueryFallback("Ahab?!");
        QueryRequest local = QueryRequest.parse("{\"query\": \"Ahab?!\", \"mode\": \"local\"}");
        assertEquals(List.of("Ahab?!"), retriever.textsToEmbed(local, fallback));
        float[] v = library.embed("Ahab?!");
        QueryVectors vectors = retriever.vectorsFrom(local, fallback, List.of(v));
        assertEquals(v, vectors.query());
        assertEquals(v, vectors.lowLevel());
        assertEquals(null, vectors.highLevel());

        assertThrows(IllegalArgumentException.class, () -> retriever.vectorsFrom(mix, kw, List.of(v)));
    }

    @Test
    void local_mode_without_low_level_keywords_searches_with_the_high_level_ones() {
        QueryContext ctx = retrieve("{\"query\": \"hunting\", \"mode\": \"local\"}", high("hunting obsession revenge"));

        assertFalse(ctx.relations().isEmpty());
        assertEquals("Ahab", ctx.relations().get(0).source());
    }

    @Test
    void weight_method_picks_chunks_without_a_query_vector() {
        QuerySettings weight = new QuerySettings(40, 20, 6000, 8000, 30000, 0.2, 5,
                QuerySettings.ChunkPickMethod.WEIGHT, "English", true, "librarian", "latest");
        retriever = new Retriever(library.stores, weight);
        QueryRequest req = QueryRequest.parse("{\"query\": \"the Pequod\", \"mode\": \"local\"}");
        Keywords kw = low("Pequod");

        assertEquals(List.of("Pequod"), retriever.textsToEmbed(req, kw), "no query vector needed");
        QueryContext ctx = retriever.retrieve(req, kw, retriever.vectorsFrom(req, kw, List.of(library.embed("Pequod"))));
        assertTrue(ctx.chunks().stream().anyMatch(c -> c.chunkId().startsWith("doc-w-")));
    }

    @Test
    void weighted_polling_gives_falling_quotas_and_passes_unused_quota_on() {
        List<List<String>> groups = List.of(List.of("a1", "a2", "a3"), List.of("b1", "b2", "b3"), List.of("c1"));
        // expected quotas 3, 2, 1 (round half to even of 2.0) -> a1 a2 a3 b1 b2 c1
        assertEquals(List.of("a1", "a2", "a3", "b1", "b2", "c1"), ChunkPicker.byWeight(groups, 3, 1));
        List<List<String>> short_ = List.of(List.of("a1"), List.of("b1", "b2", "b3"));
        // quotas 3 and 1: a has only one, its two unused go to the first hit with chunks left (b)
        assertEquals(List.of("a1", "b1", "b2", "b3"), ChunkPicker.byWeight(short_, 3, 1));
    }

    @Test
    void round_robin_takes_turns_and_keeps_first_of_each_key() {
        List<String> merged = Retriever.roundRobin(List.of(List.of("a", "b", "c"), List.of("x", "a", "y")), s -> s);
        assertEquals(List.of("a", "x", "b", "c", "y"), merged);
    }

    @Test
    void warm_up_counts_each_item_once_and_recounts_changed_ones() {
        int first = retriever.warmUp();
        assertEquals(4 + 7 + 5, first, "4 chunks, 7 entities, 5 relations");
        assertEquals(0, retriever.warmUp(), "nothing new");

        library.entity("Ahab", "person", "A changed description of Ahab.", "whales.txt", "doc-w-chunk-000");
        assertEquals(1, retriever.warmUp());
    }

    @Test
    void a_warm_up_told_to_stop_ends_at_once_and_the_next_one_counts_the_rest() {
        int[] asked = {0};
        // the third item finds the service stopping
        int counted = retriever.warmUp(() -> ++asked[0] > 2);
        assertEquals(2, counted, "two chunks counted before the stop");
        assertEquals(3, asked[0], "nothing looked at after the stop");
        assertEquals(2 + 7 + 5, retriever.warmUp(), "the two other chunks, the entities and the relations");
    }

    @Test
    void retrieval_is_the_same_after_a_warm_up() {
        QueryContext before = retrieve("{\"query\": \"Who is Ahab?\", \"mode\": \"local\"}", low("Ahab"));
        retriever.warmUp();
        assertEquals(before, retrieve("{\"query\": \"Who is Ahab?\", \"mode\": \"local\"}", low("Ahab")));
    }
}
