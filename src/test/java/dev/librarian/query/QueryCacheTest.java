package dev.librarian.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.intake.DocumentIds;
import dev.librarian.store.KvStore;
import dev.librarian.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryCacheTest {

    private static final String HOST = "http://localhost:11434";
    private static final String MODEL = "qwen2.5:7b";

    @TempDir
    Path dir;
    private TestDatabase database;
    private KvStore store;
    private QueryCache cache;

    @BeforeEach
    void open() throws Exception {
        database = TestDatabase.in(dir);
        store = database.kv("llm_response_cache");
        cache = new QueryCache(store, HOST, MODEL, "English", true);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void keyword_keys_follow_lightrag() {
        QueryRequest r = QueryRequest.parse("{\"query\": \"Who is Ahab?\", \"mode\": \"local\"}");
        String identity = "{\"binding\":\"ollama\",\"host\":\"" + HOST + "\",\"model\":\"" + MODEL
                + "\",\"role\":\"keyword\"}";
        assertEquals("local:keywords:" + DocumentIds.md5Hex("localWho is Ahab?English\n<llm_identity>\n" + identity),
                cache.keywordsKey(r));
    }

    @Test
    void answer_keys_follow_lightrag_and_leave_keywords_out_in_naive_mode() {
        Keywords kw = new Keywords(List.of("whaling"), List.of("Ahab"));
        QueryRequest mix = QueryRequest.parse("{\"query\": \"Who is Ahab?\"}");
        String identity = "{\"binding\":\"ollama\",\"host\":\"" + HOST + "\",\"model\":\"" + MODEL
                + "\",\"role\":\"query\"}";
        assertEquals("mix:query:" + DocumentIds.md5Hex("mixWho is Ahab?Multiple Paragraphs402060008000"
                        + "30000whalingAhabTrueTrue\n<llm_identity>\n" + identity),
                cache.answerKey(mix, kw));

        QueryRequest naive = QueryRequest.parse("{\"query\": \"Who is Ahab?\", \"mode\": \"naive\"}");
        assertEquals(cache.answerKey(naive, Keywords.NONE), cache.answerKey(naive, kw));
        QueryRequest other = QueryRequest.parse("{\"query\": \"Who is Ahab?\", \"top_k\": 5}");
        assertNotEquals(cache.answerKey(mix, kw), cache.answerKey(other, kw));
    }

    @Test
    void keywords_round_trip_as_python_json_and_are_stored() throws Exception {
        QueryRequest r = QueryRequest.parse("{\"query\": \"Кто такой Громов?\"}");
        Keywords kw = new Keywords(List.of("безумие"), List.of("Громов", "say \"hi\""));

        cache.storeKeywords(r, kw);

        assertEquals(Optional.of(kw), cache.keywords(r), "found at once");
        assertFalse(store.contains(cache.keywordsKey(r)), "the question did not wait for the store");
        cache.writeKept();
        assertEquals(Optional.of(kw), cache.keywords(r), "found in the store once written");
        ObjectNode entry = store.get(cache.keywordsKey(r)).orElseThrow();
        assertEquals("{\"high_level_keywords\": [\"\\u0431\\u0435\\u0437\\u0443\\u043c\\u0438\\u0435\"], "
                + "\"low_level_keywords\": [\"\\u0413\\u0440\\u043e\\u043c\\u043e\\u0432\", \"say \\\"hi\\\"\"]}",
                entry.get("return").asText());
        assertEquals("keywords", entry.get("cache_type").asText());
        assertEquals("Кто такой Громов?", entry.get("original_prompt").asText());
        assertEquals("mix", entry.get("queryparam").get("mode").asText());
        assertTrue(database.reopen().kv("llm_response_cache").contains(cache.keywordsKey(r)), "committed by writeKept");
    }

    @Test
    void answers_round_trip_and_empty_results_are_not_kept() {
        QueryRequest r = QueryRequest.parse("{\"query\": \"Who is Ahab?\"}");
        Keywords kw = new Keywords(List.of(), List.of("Ahab"));

        cache.storeKeywords(r, Keywords.NONE);
        cache.storeAnswer(r, kw, "  ");
        cache.writeKept();
        assertEquals(0, store.size());

        cache.storeAnswer(r, kw, "Ahab is a captain.");
        assertEquals(Optional.of("Ahab is a captain."), cache.answer(r, kw));
        cache.writeKept();
        assertEquals(1, store.size());
        assertEquals(Optional.of("Ahab is a captain."), cache.answer(r, kw));
        assertEquals(Optional.empty(), cache.answer(r, new Keywords(List.of(), List.of("Ishmael"))));
    }

    @Test
    void a_disabled_cache_keeps_and_finds_nothing() {
        QueryCache off = new QueryCache(store, HOST, MODEL, "English", false);
        QueryRequest r = QueryRequest.parse("{\"query\": \"Who is Ahab?\"}");
        off.storeAnswer(r, Keywords.NONE, "answer");
        off.storeKeywords(r, new Keywords(List.of("a"), List.of()));
        off.writeKept();
        assertEquals(0, store.size());
        cache.storeAnswer(r, Keywords.NONE, "answer");
        assertEquals(Optional.empty(), off.answer(r, Keywords.NONE));
    }
}
