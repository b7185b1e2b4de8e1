package dev.librarian.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A chunk record reads back as it was written, and a sparse one from LightRAG's files reads with its defaults. */
class StoredChunkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_written_record_has_lightrag_fields_and_reads_back_equal() throws Exception {
        Chunk chunk = new Chunk("doc-1-chunk-002", "doc-1", 2, 198, "Базаров вошёл в комнату.", "Отцы и дети.txt");
        StoredChunk stored = new StoredChunk(chunk, List.of("default:extract:a1", "default:extract:b2"));

        ObjectNode json = stored.toJson();

        assertEquals(List.of("tokens", "content", "chunk_order_index", "full_doc_id", "file_path", "llm_cache_list"),
                List.copyOf(iterable(json)));
        assertEquals("doc-1", json.get("full_doc_id").asText());
        assertEquals(2, json.get("chunk_order_index").asInt());
        assertEquals("default:extract:b2", json.get("llm_cache_list").get(1).asText());
        assertEquals(stored, StoredChunk.fromJson("doc-1-chunk-002", JSON.readTree(json.toString())));
    }

    @Test
    void a_record_without_file_name_content_or_cache_list_reads_with_lightrag_defaults() throws Exception {
        StoredChunk stored = StoredChunk.fromJson("doc-2-chunk-000",
                JSON.readTree("{\"tokens\": 5, \"chunk_order_index\": 0, \"full_doc_id\": \"doc-2\"}"));

        assertEquals(Separators.UNKNOWN_SOURCE, stored.chunk().filePath());
        assertEquals("doc-2", stored.docId());
        assertEquals(List.of(), stored.llmCacheList());
        assertFalse(stored.hasText());
        assertTrue(StoredChunk.fromJson("doc-2-chunk-001",
                JSON.readTree("{\"content\": \"text\", \"file_path\": null}")).hasText());
        assertEquals(Separators.UNKNOWN_SOURCE, StoredChunk.fromJson("doc-2-chunk-001",
                JSON.readTree("{\"content\": \"text\", \"file_path\": null}")).chunk().filePath());
    }

    private static List<String> iterable(ObjectNode json) {
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
