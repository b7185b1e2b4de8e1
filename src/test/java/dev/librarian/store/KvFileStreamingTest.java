package dev.librarian.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvFileStreamingTest {

    @TempDir
    Path dir;

    private static ObjectNode obj() {
        return LightRagJson.mapper().createObjectNode();
    }

    /** Records with what the pretty layout has to get right: nesting, empties, numbers, escapes, raw Cyrillic. */
    private static Map<String, ObjectNode> sample() {
        Map<String, ObjectNode> records = new LinkedHashMap<>();
        ObjectNode doc = obj().put("content", "Жили-были \"дед\" да баба\n\tи\u0001\u007f 😀").put("file_path", "сказка.txt");
        doc.putObject("chunk_options").put("chunk_token_size", 1200).putObject("fixed_token")
                .putNull("split_by_character").put("split_by_character_only", false);
        doc.put("ratio", 1e-05).put("big", 1e20).put("hundred", 100.0).put("nan", Double.NaN).put("n", 42).put("millis", 1_750_000_000_000L);
        records.put("doc-1", doc);
        ObjectNode chunk = obj().put("tokens", 1200);
        chunk.putArray("llm_cache_list").add("default:extract:8f14").add("default:extract:c9f0");
        chunk.putArray("empty_list");
        chunk.putObject("metadata");
        records.put("doc-1-chunk-000", chunk);
        records.put("ключ \"с\" кавычками", obj());
        return records;
    }

    private static Map<String, ObjectNode> readAll(Path file) throws IOException {
        Map<String, ObjectNode> read = new LinkedHashMap<>();
        long count = KvFileReader.read(file, read::put);
        assertEquals(read.size(), count);
        return read;
    }

    @Test
    void writtenRecordsReadBackInOrder() throws Exception {
        Path file = dir.resolve("kv_store_full_docs.json");
        KvFileWriter.write(file, sample().entrySet().iterator());
        Map<String, ObjectNode> read = readAll(file);
        assertEquals(List.copyOf(sample().keySet()), List.copyOf(read.keySet()));
        assertEquals(sample(), read);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("kv_store_full_docs.json"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void bytesAreThoseOfJsonKvStoreFlush() throws Exception {
        Path old = dir.resolve("old/kv_store_doc_status.json");
        JsonKvStore store = JsonKvStore.open(old, false);
        sample().forEach(store::upsert);
        store.flush();
        Path streamed = dir.resolve("new/kv_store_doc_status.json");
        KvFileWriter.write(streamed, sample().entrySet().iterator());
        assertArrayEquals(Files.readAllBytes(old), Files.readAllBytes(streamed));

        ObjectNode root = obj();
        sample().forEach(root::set);
        assertArrayEquals(LightRagJson.pretty(root), Files.readAllBytes(streamed));
    }

    @Test
    void emptyStoreIsTheSameEmptyObject() throws Exception {
        Path old = dir.resolve("old/kv_store_x.json");
        JsonKvStore store = JsonKvStore.open(old, false);
        store.upsert("a", obj());
        store.delete("a");
        store.flush();
        Path streamed = dir.resolve("kv_store_x.json");
        KvFileWriter.write(streamed, List.<Map.Entry<String, JsonNode>>of().iterator());
        assertEquals("{}", Files.readString(streamed));
        assertArrayEquals(Files.readAllBytes(old), Files.readAllBytes(streamed));
        assertEquals(0, KvFileReader.read(streamed, (k, v) -> {
            throw new AssertionError(k);
        }));
    }

    /** The records come one at a time from a generator, as from a database cursor. */
    @Test
    void writesFromAGeneratedSequence() throws Exception {
        Path file = dir.resolve("kv_store_text_chunks.json");
        Iterator<Map.Entry<String, ObjectNode>> generated = IntStream.range(0, 2000)
                .mapToObj(i -> Map.entry(String.format("doc-1-chunk-%03d", i), obj().put("chunk_order_index", i)))
                .iterator();
        KvFileWriter.write(file, generated);
        List<Integer> order = new ArrayList<>();
        KvFileReader.read(file, (key, record) -> {
            assertEquals(String.format("doc-1-chunk-%03d", order.size()), key);
            order.add(record.get("chunk_order_index").asInt());
        });
        assertEquals(IntStream.range(0, 2000).boxed().toList(), order);
    }

    /** A whole book in kv_store_full_docs.json: more than Jackson's default 20,000,000-character limit. */
    @Test
    void readsAStringOf25MillionCharacters() throws Exception {
        String book = "Глава. " + "abcdefghij".repeat(2_500_000 - 1) + "конец!";
        assertTrue(book.length() > 25_000_000 - 1);
        ObjectNode doc = obj().put("content", book).put("file_path", "war-and-peace.txt");
        Path file = dir.resolve("kv_store_full_docs.json");
        KvFileWriter.write(file, List.of(Map.entry("doc-big", doc), Map.entry("doc-small", obj().put("content", "x")))
                .iterator());

        List<String> keys = new ArrayList<>();
        KvFileReader.read(file, (key, record) -> {
            keys.add(key);
            if (key.equals("doc-big")) {
                assertEquals(book.length(), record.get("content").textValue().length());
                assertEquals(book, record.get("content").textValue());
                assertEquals("war-and-peace.txt", record.get("file_path").textValue());
            }
        });
        assertEquals(List.of("doc-big", "doc-small"), keys);
    }

    /** LightRAG's own output (reference §1.3/§1.4/§1.6, json.dump(indent=2, ensure_ascii=False)), BOM included. */
    @Test
    void readsALightRagFileLikeTheOldReader() throws Exception {
        String python = """
                {
                  "doc-5d41402abc4b2a76b9719d911017c592": {
                    "content": "Alice founded Acme Corp in Berlin in 2001. Алиса.\\n\\"quoted\\"",
                    "file_path": "notes.txt",
                    "parse_format": "raw",
                    "process_options": "F",
                    "chunk_options": {
                      "chunk_token_size": 1200,
                      "fixed_token": {
                        "split_by_character": null,
                        "split_by_character_only": false,
                        "chunk_overlap_token_size": 100
                      }
                    },
                    "score": NaN,
                    "weight": 0.1,
                    "create_time": 1750000000,
                    "update_time": 1750000000,
                    "_id": "doc-5d41402abc4b2a76b9719d911017c592"
                  },
                  "not-a-record": [1, 2],
                  "doc-5d41-chunk-000": {
                    "tokens": 1200,
                    "llm_cache_list": [
                      "default:extract:8f14e45fceea167a5a36dedd4bea2543"
                    ],
                    "metadata": {}
                  },
                  "also-not": "text"
                }""";
        Path file = dir.resolve("kv_store_full_docs.json");
        byte[] body = python.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.write(file, withBom);

        Map<String, ObjectNode> streamed = readAll(file);
        assertEquals(JsonKvStore.open(file, true).snapshot(), streamed);
        assertEquals(List.of("doc-5d41402abc4b2a76b9719d911017c592", "doc-5d41-chunk-000"),
                List.copyOf(streamed.keySet()));
        assertTrue(Double.isNaN(streamed.get("doc-5d41402abc4b2a76b9719d911017c592").get("score").doubleValue()));
        JsonNode tree = LightRagJson.readFile(file);
        streamed.forEach((key, record) -> assertEquals(tree.get(key), record, key));
    }

    @Test
    void missingOrBlankFileHoldsNothingAndANonObjectIsRefused() throws Exception {
        assertEquals(0, KvFileReader.read(dir.resolve("none.json"), (k, v) -> {
            throw new AssertionError(k);
        }));
        Path blank = dir.resolve("blank.json");
        Files.write(blank, new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, ' ', '\n'});
        assertEquals(0, KvFileReader.read(blank, (k, v) -> {
            throw new AssertionError(k);
        }));
        Path array = dir.resolve("array.json");
        Files.writeString(array, "[{}]");
        IOException e = assertThrows(IOException.class, () -> KvFileReader.read(array, (k, v) -> {
        }));
        assertTrue(e.getMessage().contains("not a LightRAG KV store"), e.getMessage());
    }
}
