package dev.librarian.query;

import dev.librarian.vector.SqlVectorStore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One question's cosine similarities between its query vector and stored chunk vectors, each chunk scored once: the
 * chunks of the relations a question finds are mostly the chunks of its entities, scored already. Many chunks (a
 * main character's) are scored in two halves side by side.
 */
final class ChunkSimilarities {

    private final SqlVectorStore chunks;
    private final float[] query;
    private final Executor searches;
    /** Scores found so far; null for a chunk without a stored vector. */
    private final Map<String, Float> known = new HashMap<>();

    /** Below this many chunks to score, one thread scores them all. */
    private static final int SPLIT_FROM = 512;

    ChunkSimilarities(SqlVectorStore chunks, float[] query, Executor searches) {
        this.chunks = chunks;
        this.query = query;
        this.searches = searches;
    }

    private Map<String, Float> score(List<String> ids) {
        if (ids.size() < SPLIT_FROM) {
            return chunks.similarities(query, ids);
        }
        List<String> firstHalf = ids.subList(0, ids.size() / 2);
        CompletableFuture<Map<String, Float>> first =
                CompletableFuture.supplyAsync(() -> chunks.similarities(query, firstHalf), searches);
        Map<String, Float> found = new HashMap<>(chunks.similarities(query, ids.subList(ids.size() / 2, ids.size())));
        found.putAll(SideBySide.join(first));
        return found;
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
            Map<String, Float> found = score(missing);
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
