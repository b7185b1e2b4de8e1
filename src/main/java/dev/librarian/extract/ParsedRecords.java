package dev.librarian.extract;

import dev.librarian.model.EntityRecord;
import dev.librarian.model.RelationRecord;

import java.util.List;

/**
 * The entity and relation rows read from one LLM answer, in answer order.
 *
 * @param entities  entity rows (unmodifiable)
 * @param relations relation rows (unmodifiable)
 */
public record ParsedRecords(List<EntityRecord> entities, List<RelationRecord> relations) {

    public ParsedRecords {
        entities = entities == null ? List.of() : List.copyOf(entities);
        relations = relations == null ? List.of() : List.copyOf(relations);
    }

    /** No rows. */
    public static ParsedRecords empty() {
        return new ParsedRecords(List.of(), List.of());
    }

    /** True when there are neither entities nor relations. */
    public boolean isEmpty() {
        return entities.isEmpty() && relations.isEmpty();
    }
}
