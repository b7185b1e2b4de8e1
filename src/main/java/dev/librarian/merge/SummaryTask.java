package dev.librarian.merge;

import java.util.List;

/**
 * A description that needs an LLM summary.
 *
 * @param entity    the entity name, or null for a relation
 * @param source    relation end (null for an entity)
 * @param target    relation end (null for an entity)
 * @param fragments the fragments to summarise, in (document, chunk) order
 */
public record SummaryTask(String entity, String source, String target, List<String> fragments) {

    public String label() {
        return entity != null ? entity : "(" + source + ", " + target + ")";
    }
}
