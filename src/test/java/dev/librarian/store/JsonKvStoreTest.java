package dev.librarian.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonKvStoreTest {

    @TempDir
    Path dir;

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        long seconds;

        ManualClock(long seconds) {
            this.seconds = seconds;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(seconds);
        }
    }

    private static ObjectNode obj() {
        return LightRagJson.mapper().createObjectNode();
    }

    @Test
    void roundTripKeepsDataAndWritesCyrillicRaw() throws Exception {
        Path file = dir.resolve("kv_store_full_docs.json");
        JsonKvStore store = JsonKvStore.open(file, true);
        store.upsert("doc-1", obj().put("content", "Жили-были дед да баба").put("file_path", "сказка.txt"));
        store.upsert("doc-2", obj().put("content", "second"));
        assertTrue(store.isDirty());
        store.flush();
        assertFalse(store.isDirty());

        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"content\": \"Жили-были дед да баба\""), text);
        assertFalse(text.contains("\\u"), "no ASCII escapes expected");

        JsonKvStore again = JsonKvStore.open(file, true);
        assertEquals(List.copyOf(store.keys()), List.copyOf(again.keys()));
        ObjectNode doc = again.get("doc-1").orElseThrow();
        assertEquals("Жили-были дед да баба", doc.get("content").asText());
        assertEquals("сказка.txt", doc.get("file_path").asText());
        assertEquals("doc-1", doc.get("_id").asText());
        assertEquals(2, again.size());
    }

    @Test
    void stampingSetsCreateTimeOnceAndUpdateTimeEveryTime() throws Exception {
        ManualClock clock = new ManualClock(1_750_000_000L);
        JsonKvStore store = JsonKvStore.open(dir.resolve("kv_store_entity_chunks.json"), true, clock);
        ObjectNode first = obj();
        first.putArray("chunk_ids").add("c1");
        store.upsert("Alice", first.put("count", 1));
        clock.seconds += 42;
        ObjectNode second = obj();
        second.putArray("chunk_ids").add("c1").add("c2");
        store.upsert("Alice", second.put("count", 2));

        ObjectNode alice = store.get("Alice").orElseThrow();
        assertEquals(1_750_000_000L, alice.get("create_time").asLong());
        assertEquals(1_750_000_042L, alice.get("update_time").asLong());
        assertEquals("Alice", alice.get("_id").asText());
        assertEquals(2, alice.get("count").asInt());
        assertTrue(alice.get("create_time").isIntegralNumber());
        assertEquals(List.of("chunk_ids", "count", "create_time", "update_time", "_id"),
                fieldNames(alice));
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void textChunksGetAnEmptyLlmCacheList() throws Exception {
        JsonKvStore store = JsonKvStore.open(dir.resolve("kv_store_text_chunks.json"), true);
        store.upsert("doc-1-chunk-000", obj().put("content", "x"));
        assertTrue(store.get("doc-1-chunk-000").orElseThrow().get("llm_cache_list").isArray());
    }

    @Test
    void docStatusStyleStoreAddsNothing() throws Exception {
        JsonKvStore store = JsonKvStore.open(dir.resolve("kv_store_doc_status.json"), false);
        ObjectNode status = obj().put("status", "processed").put("chunks_count", 5);
        store.upsert("doc-1", status);
        assertEquals(status, store.get("doc-1").orElseThrow());
    }

    @Test
    void fileIsPrettyLikePython() throws Exception {
        Path file = dir.resolve("kv_store_doc_status.json");
        JsonKvStore store = JsonKvStore.open(file, false);
        ObjectNode doc = obj().put("status", "processed").put("content_length", 12);
        doc.putArray("chunks_list").add("doc-1-chunk-000").add("doc-1-chunk-001");
        doc.putObject("metadata");
        doc.putNull("error_msg");
        store.upsert("doc-1", doc);
        store.flush();
        String expected = """
                {
                  "doc-1": {
                    "status": "processed",
                    "content_length": 12,
                    "chunks_list": [
                      "doc-1-chunk-000",
                      "doc-1-chunk-001"
                    ],
                    "metadata": {},
                    "error_msg": null
                  }
                }""";
        assertEquals(expected, Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void flushLeavesNoTempFilesAndIsANoOpWhenClean() throws Exception {
        Path file = dir.resolve("kv_store_llm_response_cache.json");
        JsonKvStore store = JsonKvStore.open(file, true);
        store.flush();
        assertFalse(Files.exists(file), "nothing to write yet");
        store.upsert("default:extract:abc", obj().put("return", "ok"));
        store.flush();
        byte[] first = Files.readAllBytes(file);
        store.flush();
        assertArrayEquals(first, Files.readAllBytes(file));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("kv_store_llm_response_cache.json"),
                    s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void deleteMarksDirtyAndDisappearsAfterReopen() throws Exception {
        Path file = dir.resolve("kv_store_full_entities.json");
        JsonKvStore store = JsonKvStore.open(file, true);
        store.upsert("a", obj());
        store.upsert("b", obj());
        store.flush();
        assertTrue(store.delete("a"));
        assertFalse(store.delete("a"));
        assertTrue(store.isDirty());
        store.flush();
        assertEquals(List.of("b"), List.copyOf(JsonKvStore.open(file, true).keys()));
    }

    @Test
    void getReturnsACopy() throws Exception {
        JsonKvStore store = JsonKvStore.open(dir.resolve("kv_store_x.json"), false);
        ObjectNode value = obj().put("n", 1);
        store.upsert("k", value);
        value.put("n", 2);
        store.get("k").orElseThrow().put("n", 3);
        assertEquals(1, store.get("k").orElseThrow().get("n").asInt());
        store.snapshot().get("k").put("n", 4);
        assertEquals(1, store.get("k").orElseThrow().get("n").asInt());
    }

    @Test
    void fileWithBomLoads() throws IOException {
        Path file = dir.resolve("kv_store_full_docs.json");
        byte[] body = "{\n  \"doc-1\": {\n    \"content\": \"Привет\"\n  }\n}".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.write(file, withBom);
        JsonKvStore store = JsonKvStore.open(file, true);
        assertEquals("Привет", store.get("doc-1").orElseThrow().get("content").asText());
        assertFalse(store.isDirty());
    }

    @Test
    void missingFileIsEmpty() throws IOException {
        JsonKvStore store = JsonKvStore.open(dir.resolve("nope/kv_store_x.json"), true);
        assertEquals(0, store.size());
        assertTrue(store.get("x").isEmpty());
    }
}
