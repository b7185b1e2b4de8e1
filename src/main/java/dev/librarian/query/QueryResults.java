package dev.librarian.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Response bodies of the query routes in LightRAG's shapes (§9): {@code /query} {"response", "references"},
 * {@code /query/stream} NDJSON lines, {@code /query/data} {status, message, data, metadata}. Maps keep key order
 * and may hold nulls ({@code "references": null} when references are not wanted).
 */
public final class QueryResults {

    /** LightRAG's answer when nothing relevant was found. */
    public static final String NO_CONTEXT_RESPONSE =
            "Sorry, I'm not able to provide an answer to that question.[no-context]";
    /** LightRAG's /query answer when the LLM returned nothing. */
    public static final String EMPTY_RESPONSE = "No relevant context found for the query.";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code /query}: the answer text and, if requested, the reference list of {@code context}. */
    public Map<String, Object> query(QueryRequest request, String response, QueryContext context) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("response", response == null || response.isBlank() ? EMPTY_RESPONSE : response);
        body.put("references", request.includeReferences() ? references(request, context) : null);
        return body;
    }

    /** {@code /query} when nothing was found: the no-context answer and an empty reference list. */
    public Map<String, Object> noContext(QueryRequest request) {
        return query(request, NO_CONTEXT_RESPONSE, QueryContext.empty(request.mode(), Keywords.NONE));
    }

    /**
     * The reference list for a response: {reference_id, file_path}, plus {@code content} (the texts of that file's
     * chunks in the context) when include_chunk_content is set.
     */
    public List<Map<String, Object>> references(QueryRequest request, QueryContext context) {
        List<Map<String, Object>> out = new ArrayList<>(context.references().size());
        for (Reference ref : context.references()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("reference_id", ref.referenceId());
            r.put("file_path", ref.filePath());
            if (request.includeChunkContent()) {
                List<String> texts = context.chunks().stream()
                        .filter(c -> c.referenceId().equals(ref.referenceId())).map(RetrievedChunk::content).toList();
                if (!texts.isEmpty()) {
                    r.put("content", texts);
                }
            }
            out.add(r);
        }
        return out;
    }

    // ---- /query/stream ----

    /**
     * The whole NDJSON body of {@code /query/stream} for an answer already complete: when streaming, a
     * {"references"} line (if requested) then a {"response"} line; otherwise one line holding both.
     */
    public String streamBody(QueryRequest request, String response, QueryContext context) {
        String text = response == null || response.isBlank() ? EMPTY_RESPONSE : response;
        if (!request.stream()) {
            Map<String, Object> line = new LinkedHashMap<>();
            if (request.includeReferences()) {
                line.put("references", references(request, context));
            }
            line.put("response", text);
            return line(line);
        }
        StringBuilder out = new StringBuilder();
        String refs = referencesLine(request, context);
        if (refs != null) {
            out.append(refs);
        }
        return out.append(responseLine(text)).toString();
    }

    /** The first streamed line {"references": [...]}, or null when references are not wanted. */
    public String referencesLine(QueryRequest request, QueryContext context) {
        return request.includeReferences() ? line(Map.of("references", references(request, context))) : null;
    }

    /** One streamed piece of the answer: {"response": piece}. */
    public String responseLine(String piece) {
        return line(Map.of("response", piece));
    }

    /** A streamed failure: {"error": message}. */
    public String errorLine(String message) {
        return line(Map.of("error", message == null ? "query failed" : message));
    }

    private static String line(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- /query/data ----

    /** {@code /query/data}: everything retrieval found, no answer. */
    public Map<String, Object> data(QueryContext context) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (context.mode() == QueryMode.BYPASS) {
            body.put("status", "success");
            body.put("message", "Bypass mode retrieves no data");
        } else if (context.isEmpty()) {
            body.put("status", "failure");
            body.put("message", "Query returned no results");
        } else {
            body.put("status", "success");
            body.put("message", "Query processed successfully");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("entities", context.entities().stream().map(QueryResults::entity).toList());
        data.put("relationships", context.relations().stream().map(QueryResults::relation).toList());
        data.put("chunks", context.chunks().stream().map(QueryResults::chunk).toList());
        data.put("references", context.references().stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reference_id", r.referenceId());
            m.put("file_path", r.filePath());
            return m;
        }).toList());
        body.put("data", data);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("query_mode", context.mode().wire());
        Map<String, Object> keywords = new LinkedHashMap<>();
        keywords.put("high_level", context.keywords().highLevel());
        keywords.put("low_level", context.keywords().lowLevel());
        metadata.put("keywords", keywords);
        metadata.put("processing_info", context.stats().toMap(context.mode()));
        body.put("metadata", metadata);
        return body;
    }

    private static Map<String, Object> entity(RetrievedEntity e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entity_name", e.name());
        m.put("entity_type", e.type());
        m.put("description", e.description());
        m.put("source_id", e.sourceId());
        m.put("file_path", e.filePath());
        m.put("created_at", e.createdAt());
        return m;
    }

    private static Map<String, Object> relation(RetrievedRelation r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("src_id", r.source());
        m.put("tgt_id", r.target());
        m.put("description", r.description());
        m.put("keywords", r.keywords());
        m.put("weight", r.weight());
        m.put("source_id", r.sourceId());
        m.put("file_path", r.filePath());
        m.put("created_at", r.createdAt());
        return m;
    }

    private static Map<String, Object> chunk(RetrievedChunk c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference_id", c.referenceId());
        m.put("content", c.content());
        m.put("file_path", c.filePath());
        m.put("chunk_id", c.chunkId());
        return m;
    }
}
