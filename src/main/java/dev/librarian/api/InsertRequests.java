package dev.librarian.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.intake.DocumentIds;
import dev.librarian.intake.DocumentIntake;
import dev.librarian.intake.IncomingDocument;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.AttachmentMessage;

import jakarta.activation.DataHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the bodies of LightRAG's insert endpoints into documents, or says precisely what is wrong with them. */
public final class InsertRequests {

    private final ObjectMapper mapper;
    private final DocumentIntake intake;

    /**
     * @param maxUploadSize MAX_UPLOAD_SIZE: a JSON string (a document's text) may be as long as the body may be;
     *                      Jackson's own limit, 20,000,000 characters, made a longer text "malformed JSON"
     */
    public InsertRequests(DocumentIntake intake, long maxUploadSize) {
        this.intake = intake;
        this.mapper = new ObjectMapper(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, Math.max(maxUploadSize, 1))).build()).build());
    }

    /** {@code POST /documents/text}: {"text", "file_source"}. */
    public List<IncomingDocument> text(String body) {
        JsonNode json = parse(body);
        String trackId = DocumentIds.trackId("insert");
        return List.of(intake.fromText(requiredText(json, "text"), optional(json, "file_source"), trackId));
    }

    /** {@code POST /insert} of the seed server: {"text"}. */
    public List<IncomingDocument> insert(String body) {
        return text(body);
    }

    /** {@code POST /documents/texts}: {"texts": [...], "file_sources": [...]}. */
    public List<IncomingDocument> texts(String body) {
        JsonNode json = parse(body);
        JsonNode texts = json.get("texts");
        if (texts == null || !texts.isArray() || texts.isEmpty()) {
            throw new BadRequestException("field 'texts' must be a non-empty list of strings");
        }
        JsonNode sources = json.path("file_sources");
        if (sources.isArray() && !sources.isEmpty() && sources.size() != texts.size()) {
            throw new BadRequestException("'file_sources' has " + sources.size() + " entries but 'texts' has "
                    + texts.size());
        }
        String trackId = DocumentIds.trackId("insert");
        List<IncomingDocument> docs = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (!texts.get(i).isTextual()) {
                throw new BadRequestException("texts[" + i + "] must be a string");
            }
            String source = sources.isArray() && sources.size() > i ? sources.get(i).asText(null) : null;
            docs.add(intake.fromText(texts.get(i).asText(), source, trackId));
        }
        requireDistinctNames(docs);
        return docs;
    }

    /** One name, one document: a repeated name would be accepted twice and keep only the last text. */
    private static void requireDistinctNames(List<IncomingDocument> docs) {
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            String name = docs.get(i).fileName();
            if (!DocumentIds.isKnownFileName(name)) {
                continue;
            }
            Integer earlier = first.putIfAbsent(name, i);
            if (earlier != null) {
                throw new BadRequestException("'file_sources' names '" + name + "' twice (entries " + earlier
                        + " and " + i + "): each text needs a name of its own");
            }
        }
    }

    /** {@code POST /documents/upload}: multipart field {@code file}. */
    public List<IncomingDocument> upload(Exchange exchange) throws IOException {
        AttachmentMessage message = exchange.getMessage(AttachmentMessage.class);
        Map<String, DataHandler> attachments = message.hasAttachments() ? message.getAttachments() : Map.of();
        if (attachments.isEmpty()) {
            throw new BadRequestException("expected a multipart/form-data upload with a field named 'file'");
        }
        // platform-http keeps one attachment per field name: several files under one name would be dropped silently
        Integer parts = exchange.getMessage().getHeader("CamelAttachmentsSize", Integer.class);
        if (parts != null && parts > attachments.size()) {
            throw new BadRequestException(parts + " file parts were sent under the same field name; only one file"
                    + " per field is supported: send each file in its own upload (or under its own field name)");
        }
        String trackId = DocumentIds.trackId("upload");
        List<IncomingDocument> docs = new ArrayList<>();
        for (Map.Entry<String, DataHandler> e : attachments.entrySet()) {
            DataHandler file = e.getValue();
            String name = file.getName() != null ? file.getName()
                    : exchange.getMessage().getHeader(Exchange.FILE_NAME, e.getKey(), String.class);
            try (InputStream in = file.getInputStream()) {
                docs.add(intake.fromFile(in.readAllBytes(), name, trackId));
            }
        }
        return docs;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("the request body is empty; expected a JSON object");
        }
        try {
            JsonNode json = mapper.readTree(body);
            if (json == null || !json.isObject()) {
                throw new BadRequestException("expected a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new BadRequestException("malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static String requiredText(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || !v.isTextual()) {
            throw new BadRequestException("field '" + field + "' is required and must be a string");
        }
        if (v.asText().isBlank()) {
            throw new BadRequestException("field '" + field + "' is empty");
        }
        return v.asText();
    }

    private static String optional(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
