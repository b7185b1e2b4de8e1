package dev.librarian.query;

import java.util.List;
import java.util.Objects;

/**
 * What retrieval found for a query, and the context text given to the LLM. Empty (no entities, relations or
 * chunks) means the query gets the no-context answer.
 *
 * @param mode       the retrieval mode
 * @param keywords   the keywords retrieval used
 * @param entities   entities kept, in context order
 * @param relations  relations kept, in context order
 * @param chunks     chunks kept, in context order, with their reference ids
 * @param references the files of the chunks, numbered by frequency then first appearance
 * @param context    the rendered context ({@code ""} when empty)
 * @param stats      counts per stage
 */
public record QueryContext(QueryMode mode, Keywords keywords, List<RetrievedEntity> entities,
                           List<RetrievedRelation> relations, List<RetrievedChunk> chunks, List<Reference> references,
                           String context, RetrievalStats stats) {

    public QueryContext {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(keywords, "keywords");
        entities = List.copyOf(entities);
        relations = List.copyOf(relations);
        chunks = List.copyOf(chunks);
        references = List.copyOf(references);
        context = Objects.requireNonNullElse(context, "");
        Objects.requireNonNull(stats, "stats");
    }

    /** A context with nothing in it. */
    public static QueryContext empty(QueryMode mode, Keywords keywords) {
        return new QueryContext(mode, keywords, List.of(), List.of(), List.of(), List.of(), "", RetrievalStats.NONE);
    }

    /** True when nothing was found: the answer is the no-context response. */
    public boolean isEmpty() {
        return entities.isEmpty() && relations.isEmpty() && chunks.isEmpty();
    }
}
