package dev.librarian.query;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many items each retrieval stage produced (LightRAG's {@code processing_info}).
 *
 * @param entitiesFound   entities found before the token cut
 * @param relationsFound  relations found before the token cut
 * @param entitiesKept    entities within max_entity_tokens
 * @param relationsKept   relations within max_relation_tokens
 * @param chunksFound     candidate chunks (vector, entity and relation chunks merged)
 * @param chunksKept      chunks within chunk_top_k and the token budget
 */
public record RetrievalStats(int entitiesFound, int relationsFound, int entitiesKept, int relationsKept,
                             int chunksFound, int chunksKept) {

    public static final RetrievalStats NONE = new RetrievalStats(0, 0, 0, 0, 0, 0);

    /** The {@code processing_info} object of /query/data. */
    public Map<String, Object> toMap(QueryMode mode) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (mode == QueryMode.NAIVE) {
            m.put("total_chunks_found", chunksFound);
            m.put("final_chunks_count", chunksKept);
            return m;
        }
        m.put("total_entities_found", entitiesFound);
        m.put("total_relations_found", relationsFound);
        m.put("entities_after_truncation", entitiesKept);
        m.put("relations_after_truncation", relationsKept);
        m.put("merged_chunks_count", chunksFound);
        m.put("final_chunks_count", chunksKept);
        return m;
    }
}
