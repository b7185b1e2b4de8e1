package dev.librarian.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.status.DocProgress;
import dev.librarian.status.DocStatusRecord;
import dev.librarian.store.LightRagJson;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The {@code data:} line of an {@code event: document}: {@code {"id", "status", "file_path", "chunks_done",
 * "chunks_total", "stage", "eta_seconds", "error_msg", "updated_at"}} on one line, plus {@code "title"} and
 * {@code "author"} of a book whose format names them (from the record's metadata).
 */
final class DocumentEventJson {

    private static final String[] BOOK_FACTS = {"title", "author"};

    private DocumentEventJson() {
    }

    static String of(String docId, DocStatusRecord record) {
        ObjectNode event = LightRagJson.mapper().createObjectNode();
        event.put("id", docId);
        event.put("status", Objects.requireNonNullElse(record.status(), ""));
        event.put("file_path", Objects.requireNonNullElse(record.filePath(), "no-file-path"));
        DocProgress progress = record.progress();
        event.put("chunks_done", progress.chunksDone() == null ? 0 : progress.chunksDone());
        putOrNull(event, "chunks_total", progress.chunksTotal());
        putOrNull(event, "stage", progress.stage());
        putOrNull(event, "eta_seconds", progress.etaSeconds());
        putOrNull(event, "error_msg", record.error());
        event.put("updated_at", Objects.requireNonNullElse(record.updatedAt(), ""));
        for (String fact : BOOK_FACTS) {
            record.metadataText(fact).filter(value -> !value.isBlank()).ifPresent(value -> event.put(fact, value));
        }
        return new String(LightRagJson.compact(event), StandardCharsets.UTF_8);
    }

    private static void putOrNull(ObjectNode node, String field, Object value) {
        node.set(field, LightRagJson.mapper().valueToTree(value));
    }
}
