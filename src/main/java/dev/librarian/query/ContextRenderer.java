package dev.librarian.query;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.store.LightRagJson;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders retrieved data as the context text the LLM reads (LightRAG's layout, §8, in our own words): sections for
 * entities, relationships, document excerpts and the document list, the first three as JSON Lines in fenced
 * blocks. Each JSON line is written as Python's {@code json.dumps(..., ensure_ascii=False)} writes it, which is also
 * the text whose tokens count against the budgets. Naive mode has only the excerpts and the document list.
 */
public final class ContextRenderer {

    private static final String GRAPH_TEMPLATE = """
            ### Entities from the knowledge graph
            One JSON object per line: the entity, its type and what the library says about it.

            ```json
            {entities}
            ```

            ### Relationships from the knowledge graph
            One JSON object per line: two related entities and how they are related.

            ```json
            {relations}
            ```

            {chunks}""";

    private static final String CHUNK_TEMPLATE = """
            ### Document excerpts
            One JSON object per line: an excerpt of a document and the reference_id of that document in the \
            document list below.

            ```json
            {chunks}
            ```

            ### Document list
            One line per document: [reference_id] file name.

            ```text
            {references}
            ```
            """;

    /** {@code {"entity": ..., "type": ..., "description": ...}} */
    public String entityLine(RetrievedEntity e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("entity", e.name());
        o.put("type", e.type());
        o.put("description", e.description().isEmpty() ? "UNKNOWN" : e.description());
        return json(o);
    }

    /** {@code {"entity1": ..., "entity2": ..., "description": ...}} */
    public String relationLine(RetrievedRelation r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("entity1", r.source());
        o.put("entity2", r.target());
        o.put("description", r.description().isEmpty() ? "UNKNOWN" : r.description());
        return json(o);
    }

    /** {@code {"reference_id": ..., "content": ...}} */
    public String chunkLine(RetrievedChunk c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("reference_id", c.referenceId());
        o.put("content", c.content());
        return json(o);
    }

    /** {@code [n] file}, one per reference with an id. */
    public String referenceLines(List<Reference> references) {
        return references.stream().filter(r -> !r.referenceId().isEmpty())
                .map(r -> "[" + r.referenceId() + "] " + r.filePath()).collect(Collectors.joining("\n"));
    }

    /** The context of the graph modes (local, global, hybrid, mix). */
    public String knowledgeGraph(List<RetrievedEntity> entities, List<RetrievedRelation> relations,
                                 List<RetrievedChunk> chunks, List<Reference> references) {
        return Templates.fill(GRAPH_TEMPLATE, Map.of(
                "entities", entities.stream().map(this::entityLine).collect(Collectors.joining("\n")),
                "relations", relations.stream().map(this::relationLine).collect(Collectors.joining("\n")),
                "chunks", naive(chunks, references)));
    }

    /** The graph context with no entities, relations or chunks: the fixed text every graph context has. */
    String knowledgeGraphSkeleton() {
        return knowledgeGraph(List.of(), List.of(), List.of(), List.of());
    }

    /** The context of naive mode: excerpts and document list. */
    public String naive(List<RetrievedChunk> chunks, List<Reference> references) {
        return Templates.fill(CHUNK_TEMPLATE, Map.of(
                "chunks", chunks.stream().map(this::chunkLine).collect(Collectors.joining("\n")),
                "references", referenceLines(references)));
    }

    static String json(ObjectNode node) {
        return LightRagJson.compactText(node);
    }
}
