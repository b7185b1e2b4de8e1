package dev.librarian.status;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.store.LightRagJson;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A document's status record as {@code kv_store_doc_status.json} holds it (LightRAG's layout, reference §1.6).
 * Absent fields are null and stay absent when written; keys this class does not know (a LightRAG file may carry
 * more) are kept in {@link #extras()} and written back after the known ones. Immutable: {@link #metadata()} hands
 * out a copy, so a record can be shared with readers that take no lock.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"status", "content_summary", "content_length", "created_at", "updated_at", "file_path",
        "track_id", "content_hash", "error_msg", "metadata", "chunks_count", "chunks_list"})
public record DocStatusRecord(
        @JsonProperty("status") String status,
        @JsonProperty("content_summary") String contentSummary,
        @JsonProperty("content_length") Integer contentLength,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("file_path") String filePath,
        @JsonProperty("track_id") String trackId,
        @JsonProperty("content_hash") String contentHash,
        @JsonProperty("error_msg") String errorMsg,
        @JsonProperty("metadata") ObjectNode metadata,
        @JsonProperty("chunks_count") Integer chunksCount,
        @JsonProperty("chunks_list") List<String> chunksList,
        @JsonAnySetter Map<String, JsonNode> extras) {

    /**
     * Metadata of a new version: the chunks of the earlier version that are still in the index until this one is
     * processed (and stay there if it fails).
     */
    public static final String INDEXED_CHUNKS = "indexed_chunks";

    public DocStatusRecord {
        metadata = metadata == null ? null : metadata.deepCopy();
        chunksList = chunksList == null ? null : Collections.unmodifiableList(new ArrayList<>(chunksList));
        Map<String, JsonNode> kept = new LinkedHashMap<>();
        if (extras != null) {
            extras.forEach((key, value) -> kept.put(key, value.deepCopy()));
        }
        extras = Collections.unmodifiableMap(kept);
    }

    /** A record with no field. */
    public static DocStatusRecord empty() {
        return new DocStatusRecord(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** What a follower is told once a document's record is gone. */
    public static DocStatusRecord deleted(String at) {
        return empty().withState("deleted", at, null);
    }

    public static DocStatusRecord fromJson(JsonNode stored) {
        DocStatusRecord read;
        try {
            read = LightRagJson.mapper().treeToValue(stored, DocStatusRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable document status record: " + e.getOriginalMessage(), e);
        }
        if (read.extras.size() < 2) {
            return read;
        }
        // Jackson hands a record's unknown fields over in reverse order: keep the file's order
        Map<String, JsonNode> inStoredOrder = new LinkedHashMap<>();
        stored.fieldNames().forEachRemaining(name -> {
            if (read.extras.containsKey(name)) {
                inStoredOrder.put(name, read.extras.get(name));
            }
        });
        return new DocStatusRecord(read.status, read.contentSummary, read.contentLength, read.createdAt,
                read.updatedAt, read.filePath, read.trackId, read.contentHash, read.errorMsg, read.metadata,
                read.chunksCount, read.chunksList, inStoredOrder);
    }

    public ObjectNode toJson() {
        return LightRagJson.mapper().valueToTree(this);
    }

    /** A copy; null when the record has none. */
    @Override
    @JsonProperty("metadata")
    public ObjectNode metadata() {
        return metadata == null ? null : metadata.deepCopy();
    }

    @Override
    @JsonAnyGetter
    public Map<String, JsonNode> extras() {
        return extras;
    }

    public boolean is(DocStatus state) {
        return state.value().equals(status);
    }

    /** Processed or failed: nobody works on the document any more. */
    @JsonIgnore
    public boolean isSettled() {
        return is(DocStatus.PROCESSED) || is(DocStatus.FAILED);
    }

    /** The error message, or null when there is none (absent or empty). */
    public String error() {
        return errorMsg == null || errorMsg.isEmpty() ? null : errorMsg;
    }

    /** A text the metadata holds under {@code key}. */
    public Optional<String> metadataText(String key) {
        JsonNode value = metadata == null ? null : metadata.get(key);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    public boolean hasMetadata(String key) {
        return metadata != null && metadata.has(key);
    }

    /** The extraction progress kept in the metadata. */
    public DocProgress progress() {
        return DocProgress.of(metadata == null ? JsonNodeFactory.instance.objectNode() : metadata);
    }

    /**
     * The chunk ids of the document's version that is in the index: a processed record's chunks, or the chunks an
     * unfinished or failed new version keeps from the version before it; empty when none is indexed.
     */
    public List<String> indexedChunkIds() {
        if (is(DocStatus.PROCESSED) && chunksList != null) {
            return chunksList;
        }
        List<String> kept = new ArrayList<>();
        if (metadata != null) {
            metadata.path(INDEXED_CHUNKS).forEach(id -> kept.add(id.asText()));
        }
        return kept;
    }

    /** The record in {@code state} since {@code at}, with {@code errorMsg}. */
    public DocStatusRecord withState(String state, String at, String errorMsg) {
        return new DocStatusRecord(state, contentSummary, contentLength, createdAt, at, filePath, trackId,
                contentHash, errorMsg, metadata, chunksCount, chunksList, extras);
    }

    public DocStatusRecord withChunks(List<String> chunkIds) {
        return new DocStatusRecord(status, contentSummary, contentLength, createdAt, updatedAt, filePath, trackId,
                contentHash, errorMsg, metadata, chunkIds.size(), chunkIds, extras);
    }

    /** The record with its metadata (an empty one if it has none) changed by {@code edit}. */
    public DocStatusRecord withMetadata(Consumer<ObjectNode> edit) {
        ObjectNode changed = metadata == null ? JsonNodeFactory.instance.objectNode() : metadata.deepCopy();
        edit.accept(changed);
        return new DocStatusRecord(status, contentSummary, contentLength, createdAt, updatedAt, filePath, trackId,
                contentHash, errorMsg, changed, chunksCount, chunksList, extras);
    }
}
