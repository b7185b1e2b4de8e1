package dev.librarian.deletion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.api.BadRequestException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Documents to delete, LightRAG's {@code DELETE /documents/delete_document} body.
 *
 * @param docIds         the documents, each once, in request order
 * @param deleteFile     also remove the original file from INPUT_DIR ({@code .done/}, {@code .failed/}, or the
 *                       library itself in sync mode)
 * @param deleteLlmCache also remove the cached extraction answers of the document's chunks
 */
public record DeletionRequest(List<String> docIds, boolean deleteFile, boolean deleteLlmCache) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public DeletionRequest {
        docIds = List.copyOf(new LinkedHashSet<>(docIds));
    }

    /** Reads {@code {"doc_ids": [...], "delete_file": false, "delete_llm_cache": false}}, or says what is wrong. */
    public static DeletionRequest parse(String body) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("malformed JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new BadRequestException("expected a JSON object {\"doc_ids\": [...], \"delete_file\": false, "
                    + "\"delete_llm_cache\": false}");
        }
        JsonNode ids = json.get("doc_ids");
        if (ids == null || !ids.isArray() || ids.isEmpty()) {
            throw new BadRequestException("field 'doc_ids' must be a non-empty list of document ids");
        }
        List<String> docIds = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            if (!id.isTextual() || id.asText().isBlank()) {
                throw new BadRequestException("doc_ids[" + i + "] must be a non-empty string");
            }
            docIds.add(id.asText().trim());
        }
        return new DeletionRequest(docIds, flag(json, "delete_file"), flag(json, "delete_llm_cache"));
    }

    private static boolean flag(JsonNode json, String name) {
        JsonNode v = json.get(name);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new BadRequestException("field '" + name + "' must be true or false");
        }
        return v.asBoolean();
    }

    /** The same options for other documents. */
    public DeletionRequest withDocIds(List<String> ids) {
        return new DeletionRequest(ids, deleteFile, deleteLlmCache);
    }
}
