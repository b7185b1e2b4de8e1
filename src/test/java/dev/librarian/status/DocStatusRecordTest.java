package dev.librarian.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.store.LightRagJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A status record imported from a LightRAG working directory is written back with nothing lost or reordered. */
class DocStatusRecordTest {

    private static final String LIGHTRAG_RECORD = """
            {
              "status": "processed",
              "content_summary": "Alice founded Acme Corp in Berlin in 2001. ...",
              "content_length": 5231,
              "created_at": "2025-06-15T10:00:00.000001+00:00",
              "updated_at": "2025-06-15T10:00:42.123456+00:00",
              "file_path": "notes.txt",
              "track_id": "insert_20250615_100000_1a2b3c4d",
              "content_hash": "0c7a5d1c8a6f3e2b9d4e1f0a2b3c4d5e",
              "error_msg": "",
              "metadata": {
                "process_options": "F",
                "parse_stage_skipped": true,
                "process_start_time": 1750000001,
                "chunk_opts": "size=1200, split_only=False, overlap=100",
                "eta_seconds": 1.5
              },
              "chunks_count": 2,
              "chunks_list": [
                "doc-5d41-chunk-000",
                "doc-5d41-chunk-001"
              ],
              "multimodal_processed": false,
              "parse_details": {
                "engine": "legacy",
                "pages": [
                  1,
                  2
                ]
              }
            }""";

    @Test
    void should_write_back_a_lightrag_record_byte_for_byte() throws Exception {
        JsonNode stored = LightRagJson.read(LIGHTRAG_RECORD.getBytes(StandardCharsets.UTF_8));

        DocStatusRecord record = DocStatusRecord.fromJson(stored);

        assertEquals(LIGHTRAG_RECORD, new String(LightRagJson.pretty(record.toJson()), StandardCharsets.UTF_8));
        assertEquals(List.of("doc-5d41-chunk-000", "doc-5d41-chunk-001"), record.indexedChunkIds());
        assertEquals(1.5, record.progress().etaSeconds());
    }

    @Test
    void should_leave_out_the_fields_a_record_does_not_have() throws Exception {
        String failed = """
                {
                  "status": "failed",
                  "updated_at": "2025-06-15T10:00:42.123456+00:00",
                  "error_msg": "rejected"
                }""";

        DocStatusRecord record = DocStatusRecord.fromJson(LightRagJson.read(failed.getBytes(StandardCharsets.UTF_8)));

        assertEquals(failed, new String(LightRagJson.pretty(record.toJson()), StandardCharsets.UTF_8));
        assertEquals(List.of(), record.indexedChunkIds());
    }
}
