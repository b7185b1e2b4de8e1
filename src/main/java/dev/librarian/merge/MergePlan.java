package dev.librarian.merge;

import dev.librarian.model.Chunk;
import dev.librarian.model.ChunkExtraction;
import dev.librarian.model.RelationKey;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A document's merge, worked out but not yet applied: the new state of every touched node and edge, and the
 * summaries the LLM must write before it can be applied.
 */
public record MergePlan(String docId, List<Chunk> chunks, List<ChunkExtraction> extractions,
                        Contributions.Change change,
                        Map<String, Draft> entities, Set<String> removedEntities,
                        Map<RelationKey, Draft> relations, Set<RelationKey> removedRelations,
                        List<SummaryTask> summaryTasks) {
}
