package dev.librarian.deletion;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a delete request finds when it arrives: the documents whose deletion starts, the unknown ids, and the
 * documents still pending or processing, which are refused (deleting them would race their indexing).
 */
public record DeletionTriage(DeletionRequest started, List<String> notFound, List<String> busy) {

    public boolean anyStarted() {
        return !started.docIds().isEmpty();
    }

    /** 200 when some deletion started; else 409 when a requested document is busy, 404 when none is known. */
    public int httpStatus() {
        if (anyStarted()) {
            return 200;
        }
        return busy.isEmpty() ? 404 : 409;
    }

    /** LightRAG's {@code DeleteDocByIdResponse} ({@code status}, {@code message}, {@code doc_id}) plus the lists. */
    public Map<String, Object> answer() {
        Map<String, Object> body = new LinkedHashMap<>();
        List<String> started = this.started.docIds();
        body.put("status", anyStarted() ? "deletion_started" : busy.isEmpty() ? "not_found" : "busy");
        StringBuilder message = new StringBuilder();
        if (anyStarted()) {
            message.append("Deleting ").append(started.size()).append(" document(s) in the background: ")
                    .append(String.join(", ", started)).append('.');
        }
        if (!busy.isEmpty()) {
            message.append(message.isEmpty() ? "" : " ").append("Not deleted while pending or processing (try again ")
                    .append("once indexed): ").append(String.join(", ", busy)).append('.');
        }
        if (!notFound.isEmpty()) {
            message.append(message.isEmpty() ? "" : " ").append("Not found: ").append(String.join(", ", notFound))
                    .append('.');
        }
        body.put("message", message.toString());
        body.put("doc_id", String.join(", ", started));
        body.put("doc_ids", started);
        body.put("not_found", notFound);
        body.put("busy", busy);
        return body;
    }
}
