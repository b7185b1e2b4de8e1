package dev.librarian.query;

import dev.librarian.vector.SqlVectorStore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One question's cosine similarities between its query vector and stored chunk vectors, each chunk scored once: the
 * chunks of the relations a question finds are mostly the chunks of its entities, scored already.
 */
final class ChunkSimilarities {

    private final SqlVectorStore chunks;
    private final float[] query;
    /** Scores found so far; null for a chunk without a stored vector. */
    private final Map<String, Float> known = new HashMap<>();

    ChunkSimilarities(SqlVectorStore chunks, float[] query) {
        this.chunks = chunks;
        this.query = query;
    }

    /** True for a zero vector, which is similar to nothing. */
    boolean queryIsZero() {
        for (float x : query) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** The similarity of each of {@code ids} that has a stored vector. */
    Map<String, Float> of(Collection<String> ids) {
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            if (!known.containsKey(id)) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            Map<String, Float> found = chunks.similarities(query, missing);
            for (String id : missing) {
                known.put(id, found.get(id));
            }
        }
        Map<String, Float> out = new HashMap<>();
        for (String id : ids) {
            Float score = known.get(id);
            if (score != null) {
                out.put(id, score);
            }
        }
        return out;
    }
}
