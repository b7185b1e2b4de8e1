package dev.librarian.vector;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.IntFunction;

/**
 * The best {@code capacity} documents offered, ranked by score (higher first) and, for equal scores, by id, so rankings
 * are deterministic. Ids are looked up (and cached) only when two scores tie and for the final list. One per query.
 */
final class TopHits {

    private record Hit(float score, int doc) {
    }

    private final int capacity;
    private final IntFunction<String> idLookup;
    private final Map<Integer, String> ids = new HashMap<>();
    private final PriorityQueue<Hit> worstFirst;

    TopHits(int capacity, IntFunction<String> idLookup) {
        this.capacity = capacity;
        this.idLookup = idLookup;
        this.worstFirst = new PriorityQueue<>(Math.min(capacity, 1024) + 1, (a, b) -> {
            int byScore = Float.compare(a.score, b.score);
            return byScore != 0 ? byScore : idOf(b.doc).compareTo(idOf(a.doc));
        });
    }

    void offer(float score, int doc) {
        if (worstFirst.size() == capacity && score < worstFirst.peek().score) {
            return;
        }
        worstFirst.add(new Hit(score, doc));
        if (worstFirst.size() > capacity) {
            worstFirst.poll();
        }
    }

    boolean isEmpty() {
        return worstFirst.isEmpty();
    }

    /** The kept hits, best first; empties this. */
    List<ScoredId> bestFirst() {
        ScoredId[] out = new ScoredId[worstFirst.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            Hit hit = worstFirst.poll();
            out[i] = new ScoredId(idOf(hit.doc), hit.score);
        }
        return List.of(out);
    }

    private String idOf(int doc) {
        return ids.computeIfAbsent(doc, idLookup::apply);
    }
}
