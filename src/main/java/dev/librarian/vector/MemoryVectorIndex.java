package dev.librarian.vector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An exact, in-memory {@link VectorIndex}: nothing survives a restart (generation 0), so it is rebuilt each start. */
public final class MemoryVectorIndex implements VectorIndex {

    private final Map<String, float[]> staged = new LinkedHashMap<>();
    private final List<String> stagedDeletes = new ArrayList<>();
    private final Map<String, float[]> live = new LinkedHashMap<>();
    private long generation;

    @Override
    public synchronized void upsert(String id, float[] vector) {
        stagedDeletes.remove(id);
        staged.put(id, VectorCodec.normalise(vector));
    }

    @Override
    public synchronized void delete(String id) {
        staged.remove(id);
        stagedDeletes.add(id);
    }

    @Override
    public synchronized void commit(long generation) {
        stagedDeletes.forEach(live::remove);
        live.putAll(staged);
        stagedDeletes.clear();
        staged.clear();
        this.generation = generation;
    }

    @Override
    public synchronized long generation() {
        return live.isEmpty() ? 0 : generation;
    }

    @Override
    public synchronized List<ScoredId> query(float[] query, int topK, double threshold) {
        float[] unit = VectorCodec.normalise(query);
        List<ScoredId> hits = new ArrayList<>();
        live.forEach((id, v) -> {
            float score = VectorCodec.dot(v, unit);
            if (score >= threshold) {
                hits.add(new ScoredId(id, score));
            }
        });
        hits.sort(Comparator.comparingDouble(ScoredId::score).reversed());
        return hits.subList(0, Math.min(topK, hits.size()));
    }

    @Override
    public synchronized int size() {
        return live.size();
    }

    @Override
    public synchronized void clear() {
        staged.clear();
        stagedDeletes.clear();
        live.clear();
    }

    @Override
    public void close() {
    }
}
