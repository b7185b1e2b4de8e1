package dev.librarian.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.config.Settings;
import dev.librarian.status.DocProgress;
import dev.librarian.status.DocStatus;
import dev.librarian.status.DocStatusRecord;
import dev.librarian.status.DocStatusRepository;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The read side of LightRAG's document API: status lists, counts, tracking, pagination, pipeline, health. */
public final class DocumentsApi {

    private static final List<String> SORT_FIELDS = List.of("updated_at", "created_at", "id", "file_path");

    private final DocStatusRepository status;
    private final Settings settings;
    private final ObjectMapper mapper = new ObjectMapper();

    public DocumentsApi(DocStatusRepository status, Settings settings) {
        this.status = status;
        this.settings = settings;
    }

    /** {@code GET /documents}: {"statuses": {status: [doc...]}}. */
    public Map<String, Object> documents() {
        Map<String, List<Map<String, Object>>> byStatus = new LinkedHashMap<>();
        status.all().forEach((id, rec) ->
                byStatus.computeIfAbsent(state(rec), s -> new ArrayList<>()).add(response(id, rec)));
        return Map.of("statuses", byStatus);
    }

    public Map<String, Object> statusCounts() {
        return Map.of("status_counts", countsWithAll());
    }

    public Map<String, Object> trackStatus(String trackId) {
        if (trackId == null || trackId.isBlank()) {
            throw new BadRequestException("track_id is required");
        }
        List<Map<String, Object>> docs = new ArrayList<>();
        Map<String, Integer> summary = new LinkedHashMap<>();
        status.all().forEach((id, rec) -> {
            if (trackId.equals(rec.trackId())) {
                docs.add(response(id, rec));
                summary.merge(state(rec), 1, Integer::sum);
            }
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("track_id", trackId);
        body.put("documents", docs);
        body.put("total_count", docs.size());
        body.put("status_summary", summary);
        return body;
    }

    /** {@code POST /documents/paginated}. */
    public Map<String, Object> paginated(String requestBody) {
        JsonNode req = parse(requestBody);
        int page = req.path("page").asInt(1);
        int pageSize = req.path("page_size").asInt(50);
        if (page < 1) {
            throw new BadRequestException("page must be at least 1");
        }
        if (pageSize < 10 || pageSize > 200) {
            throw new BadRequestException("page_size must be between 10 and 200");
        }
        String sortField = req.path("sort_field").asText("updated_at");
        if (!SORT_FIELDS.contains(sortField)) {
            throw new BadRequestException("sort_field must be one of " + SORT_FIELDS);
        }
        boolean desc = !"asc".equalsIgnoreCase(req.path("sort_direction").asText("desc"));
        List<String> filters = new ArrayList<>();
        if (req.hasNonNull("status_filter")) {
            filters.add(req.get("status_filter").asText());
        }
        req.path("status_filters").forEach(f -> filters.add(f.asText()));

        List<Map<String, Object>> docs = new ArrayList<>();
        status.all().forEach((id, rec) -> {
            if (filters.isEmpty() || filters.contains(state(rec))) {
                docs.add(response(id, rec));
            }
        });
        Comparator<Map<String, Object>> order = Comparator.comparing(d -> String.valueOf(d.get(
                "id".equals(sortField) ? "id" : sortField)));
        docs.sort(desc ? order.reversed() : order);
        int total = docs.size();
        int totalPages = (total + pageSize - 1) / pageSize;
        int from = Math.min(total, (page - 1) * pageSize);
        Map<String, Object> pagination = new LinkedHashMap<>();
        pagination.put("page", page);
        pagination.put("page_size", pageSize);
        pagination.put("total_count", total);
        pagination.put("total_pages", totalPages);
        pagination.put("has_next", page < totalPages);
        pagination.put("has_prev", page > 1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("documents", docs.subList(from, Math.min(total, from + pageSize)));
        body.put("pagination", pagination);
        body.put("status_counts", countsWithAll());
        return body;
    }

    /** {@code GET /documents/pipeline_status}: LightRAG's fields; there is no global busy lock behind them. */
    public Map<String, Object> pipelineStatus() {
        Map<String, Integer> counts = status.counts();
        int inFlight = counts.getOrDefault(DocStatus.PROCESSING.value(), 0);
        int pending = counts.getOrDefault(DocStatus.PENDING.value(), 0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("autoscanned", true);
        body.put("busy", inFlight + pending > 0);
        body.put("job_name", inFlight + pending > 0 ? "indexing" : "");
        body.put("docs", inFlight + pending);
        body.put("batchs", inFlight);
        body.put("cur_batch", inFlight);
        body.put("request_pending", pending > 0);
        body.put("latest_message", inFlight + " document(s) processing, " + pending + " pending");
        body.put("history_messages", List.of());
        body.put("update_status", Map.of());
        return body;
    }

    /** {@code POST /documents/reprocess_failed}: LightRAG's answer, plus the ids taken up again. */
    public Map<String, Object> reprocessStarted(List<String> docIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "reprocessing_started");
        body.put("message", docIds.isEmpty() ? "No failed documents to reprocess"
                : docIds.size() + " failed document(s) queued again; indexing in background");
        body.put("track_id", "");
        body.put("doc_ids", docIds);
        return body;
    }

    /** {@code GET /health}: LightRAG's shape. */
    public Map<String, Object> health() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("llm_binding", "ollama");
        config.put("llm_binding_host", settings.llmHost());
        config.put("llm_model", settings.llmModel());
        config.put("embedding_binding", "ollama");
        config.put("embedding_binding_host", settings.embeddingHost());
        config.put("embedding_model", settings.embeddingModel());
        config.put("embedding_dim", settings.embeddingDim());
        config.put("llm_timeout", settings.llmTimeoutSeconds());
        config.put("max_async_llm", settings.maxAsyncLlm());
        config.put("max_parallel_insert", settings.maxParallelInsert());
        config.put("chunk_size", settings.chunkSize());
        config.put("chunk_overlap_size", settings.chunkOverlap());
        config.put("max_gleaning", settings.maxGleaning());
        config.put("summary_language", settings.summaryLanguage());
        config.put("kv_storage", "JsonKVStorage");
        config.put("doc_status_storage", "JsonDocStatusStorage");
        config.put("graph_storage", "NetworkXStorage");
        config.put("vector_storage", "NanoVectorDBStorage");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "healthy");
        body.put("working_directory", settings.workingDir().toString());
        body.put("input_directory", settings.inputDir().toString());
        body.put("configuration", config);
        Map<String, Integer> counts = status.counts();
        body.put("pipeline_busy", counts.getOrDefault("processing", 0) + counts.getOrDefault("pending", 0) > 0);
        body.put("core_version", "librarian-0.1.0");
        body.put("api_version", "librarian-0.1.0");
        return body;
    }

    private Map<String, Integer> countsWithAll() {
        Map<String, Integer> counts = status.counts();
        counts.put("all", counts.values().stream().mapToInt(Integer::intValue).sum());
        return counts;
    }

    private static Map<String, Object> response(String id, DocStatusRecord rec) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", id);
        doc.put("content_summary", Objects.requireNonNullElse(rec.contentSummary(), ""));
        doc.put("content_length", Objects.requireNonNullElse(rec.contentLength(), 0));
        doc.put("status", state(rec));
        doc.put("created_at", Objects.requireNonNullElse(rec.createdAt(), ""));
        doc.put("updated_at", Objects.requireNonNullElse(rec.updatedAt(), ""));
        doc.put("track_id", Objects.requireNonNullElse(rec.trackId(), ""));
        doc.put("chunks_count", rec.chunksCount());
        doc.put("error_msg", rec.error());
        doc.put("metadata", rec.metadata() != null ? rec.metadata() : Map.of());
        doc.put("file_path", Objects.requireNonNullElse(rec.filePath(), "no-file-path"));
        // extraction progress, kept in the record's metadata (see DocStatusRepository)
        DocProgress progress = rec.progress();
        doc.put(DocProgress.CHUNKS_DONE, progress.chunksDone() == null ? 0 : progress.chunksDone());
        doc.put(DocProgress.CHUNKS_TOTAL, progress.chunksTotal());
        doc.put(DocProgress.STAGE, progress.stage());
        doc.put(DocProgress.ETA_SECONDS, progress.etaSeconds());
        return doc;
    }

    private static String state(DocStatusRecord rec) {
        return Objects.requireNonNullElse(rec.status(), "");
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("malformed JSON: " + e.getOriginalMessage());
        }
    }
}
