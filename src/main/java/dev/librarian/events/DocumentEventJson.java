package dev.librarian.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.status.DocProgress;
import dev.librarian.store.LightRagJson;

import java.nio.charset.StandardCharsets;

/**
 * The {@code data:} line of an {@code event: document}: {@code {"id", "status", "file_path", "chunks_done",
 * "chunks_total", "stage", "eta_seconds", "error_msg", "updated_at"}} on one line, plus {@code "title"} and
 * {@code "author"} of a book whose format names them (from the record's metadata).
 */
final class DocumentEventJson {

    private static final String[] BOOK_FACTS = {"title", "author"};

    private DocumentEventJson() {
    }

    static String of(String docId, ObjectNode record) {
        ObjectNode event = LightRagJson.mapper().createObjectNode();
        event.put("id", docId);
        event.put("status", record.path("status").asText());
        event.put("file_path", record.path("file_path").asText("no-file-path"));
        DocProgress progress = DocProgress.of(record.path("metadata"));
        event.put("chunks_done", progress.chunksDone() == null ? 0 : progress.chunksDone());
        putOrNull(event, "chunks_total", progress.chunksTotal());
        putOrNull(event, "stage", progress.stage());
        putOrNull(event, "eta_seconds", progress.etaSeconds());
        JsonNode error = record.get("error_msg");
        putOrNull(event, "error_msg", error == null || error.isNull() || error.asText().isEmpty() ? null : error.asText());
        event.put("updated_at", record.path("updated_at").asText(""));
        for (String fact : BOOK_FACTS) {
            JsonNode value = record.path("metadata").get(fact);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                event.put(fact, value.asText());
            }
        }
        return new String(LightRagJson.compact(event), StandardCharsets.UTF_8);
    }

    private static void putOrNull(ObjectNode node, String field, Object value) {
        node.set(field, LightRagJson.mapper().valueToTree(value));
    }
}
