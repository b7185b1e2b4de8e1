package dev.librarian.query;

import dev.librarian.query.QuerySettings.ChunkPickMethod;

/**
 * Which searches a query runs, decided from its mode and keywords as LightRAG decides (§8): local needs low-level
 * keywords and global high-level ones; a local query without low-level keywords (or a global one without
 * high-level keywords) searches with the keywords it has, as hybrid would; mix adds chunk vector search on the raw
 * query; graph modes without any keyword search nothing.
 *
 * @param local        search entities with the low-level keywords
 * @param global       search relations with the high-level keywords
 * @param vectorChunks search chunks with the query
 * @param queryVector  the query text must be embedded (chunk search, or picking graph chunks by similarity)
 */
record SearchPlan(boolean local, boolean global, boolean vectorChunks, boolean queryVector) {

    static final SearchPlan NOTHING = new SearchPlan(false, false, false, false);

    static SearchPlan of(QueryMode mode, Keywords keywords, ChunkPickMethod pickMethod) {
        if (mode == QueryMode.BYPASS) {
            return NOTHING;
        }
        if (mode == QueryMode.NAIVE) {
            return new SearchPlan(false, false, true, true);
        }
        boolean low = !keywords.lowLevel().isEmpty();
        boolean high = !keywords.highLevel().isEmpty();
        if (!low && !high) {
            return NOTHING;
        }
        boolean local;
        boolean global;
        if (mode == QueryMode.LOCAL && low) {
            local = true;
            global = false;
        } else if (mode == QueryMode.GLOBAL && high) {
            local = false;
            global = true;
        } else {
            local = low;
            global = high;
        }
        boolean vector = mode == QueryMode.MIX;
        return new SearchPlan(local, global, vector, vector || pickMethod == ChunkPickMethod.VECTOR);
    }

    boolean searchesNothing() {
        return !local && !global && !vectorChunks;
    }
}
