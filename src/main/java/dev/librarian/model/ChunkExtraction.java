package dev.librarian.model;

import java.util.List;

/**
 * Everything the LLM extracted from one chunk (first pass and gleaning already merged).
 *
 * @param chunk     the chunk the records came from
 * @param entities  entity rows in LLM order
 * @param relations relation rows in LLM order
 * @param cacheKeys LLM response cache keys of the calls that produced the rows (first pass, gleaning)
 */
public record ChunkExtraction(Chunk chunk, List<EntityRecord> entities, List<RelationRecord> relations,
                              List<String> cacheKeys) {
}
