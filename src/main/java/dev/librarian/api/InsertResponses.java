package dev.librarian.api;

import dev.librarian.intake.AcceptResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** LightRAG's insert answer {@code {"status","message","track_id"}} plus the document ids. */
public final class InsertResponses {

    public Map<String, Object> build(List<?> results) {
        List<AcceptResult> accepted = results.stream().filter(AcceptResult.class::isInstance)
                .map(AcceptResult.class::cast).toList();
        long duplicates = accepted.stream().filter(AcceptResult::duplicate).count();
        long queued = accepted.size() - duplicates;
        Map<String, Object> body = new LinkedHashMap<>();
        if (duplicates == 0) {
            body.put("status", "success");
            body.put("message", queued == 1
                    ? "Document '" + accepted.get(0).document().fileName() + "' accepted; indexing in background"
                    : queued + " documents accepted; indexing in background");
        } else if (queued == 0) {
            body.put("status", "duplicated");
            body.put("message", duplicates == 1
                    ? "Document '" + accepted.get(0).document().fileName() + "' is already indexed with the same content"
                    : "All " + duplicates + " documents are already indexed with the same content");
        } else {
            body.put("status", "partial_success");
            body.put("message", queued + " documents accepted, " + duplicates + " already indexed");
        }
        body.put("track_id", accepted.isEmpty() ? "" : accepted.get(0).document().trackId());
        if (accepted.size() == 1) {
            body.put("doc_id", accepted.get(0).document().docId());
        }
        body.put("doc_ids", accepted.stream().map(a -> a.document().docId()).toList());
        // a new version under a known name: the old one stays indexed until this one is processed
        List<String> replaced = accepted.stream().map(AcceptResult::replaced).filter(Objects::nonNull).toList();
        if (accepted.size() == 1 && !replaced.isEmpty()) {
            body.put("replaced", replaced.get(0));
            body.put("message", body.get("message") + "; it replaces the indexed version " + replaced.get(0)
                    + ", which stays until the new one is processed");
        } else if (!replaced.isEmpty()) {
            body.put("replaced", replaced);
        }
        return body;
    }
}
