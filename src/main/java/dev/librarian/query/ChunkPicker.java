package dev.librarian.query;

import dev.librarian.library.LibraryStores;
import dev.librarian.model.Separators;
import dev.librarian.model.StoredChunk;
import dev.librarian.query.QuerySettings.ChunkPickMethod;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Chooses the source chunks of graph hits (§8 step 6). Each hit lists its chunks in {@code source_id}; a chunk
 * counts once per hit naming it and stays with the first hit that names it; each hit's chunks are ordered by that
 * count. VECTOR then keeps the {@code related_chunk_number × hits / 2} candidates whose stored vectors are most
 * cosine-similar to the query; WEIGHT (also the fallback when VECTOR finds nothing, e.g. without a query vector)
 * gives the hits quotas falling linearly from {@code related_chunk_number} to 1. Chunks missing from the chunk
 * store are left out.
 */
final class ChunkPicker {

    /** A chunk as read from the stores, before reference numbering. */
    record Candidate(String chunkId, String content, String filePath) {
    }

    private final LibraryStores stores;
    private final ChunkPickMethod method;
    private final int relatedChunkNumber;
    private final Executor searches;

    ChunkPicker(LibraryStores stores, ChunkPickMethod method, int relatedChunkNumber, Executor searches) {
        this.stores = stores;
        this.searches = searches;
        this.method = method;
        this.relatedChunkNumber = relatedChunkNumber;
    }

    /** The question's chunk similarities, shared by its entity and relation picks; null without a query vector. */
    ChunkSimilarities similaritiesTo(float[] queryVector) {
        return queryVector == null ? null : new ChunkSimilarities(stores.chunksVdb(), queryVector, searches);
    }

    /** Ids of the chunks of the entities, best first. */
    List<String> forEntities(List<RetrievedEntity> entities, ChunkSimilarities similarities) {
        List<List<String>> groups = new ArrayList<>();
        for (RetrievedEntity e : entities) {
            List<String> ids = chunkIds(e.sourceId());
            if (!ids.isEmpty()) {
                groups.add(ids);
            }
        }
        return pick(groups, Set.of(), false, similarities);
    }

    /** Ids of the chunks of the relations, best first, leaving out those already chosen for entities. */
    List<String> forRelations(List<RetrievedRelation> relations, Set<String> alreadyChosen,
                                 ChunkSimilarities similarities) {
        List<List<String>> groups = new ArrayList<>();
        for (RetrievedRelation r : relations) {
            List<String> ids = chunkIds(r.sourceId());
            if (!ids.isEmpty()) {
                groups.add(ids);
            }
        }
        return pick(groups, alreadyChosen, true, similarities);
    }

    static List<String> chunkIds(String sourceId) {
        List<String> ids = new ArrayList<>();
        if (sourceId == null || sourceId.isEmpty()) {
            return ids;
        }
        for (String part : sourceId.split(java.util.regex.Pattern.quote(Separators.GRAPH_FIELD))) {
            String id = part.strip();
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids;
    }

    private List<String> pick(List<List<String>> groups, Set<String> exclude, boolean dropEmptyGroups,
                                 ChunkSimilarities similarities) {
        if (groups.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> occurrences = new HashMap<>();
        List<List<String>> sorted = new ArrayList<>(groups.size());
        for (List<String> group : groups) {
            List<String> kept = new ArrayList<>();
            for (String id : group) {
                if (exclude.contains(id)) {
                    continue;
                }
                if (occurrences.merge(id, 1, Integer::sum) == 1) {
                    kept.add(id);
                }
            }
            if (!kept.isEmpty() || !dropEmptyGroups) {
                sorted.add(kept);
            }
        }
        if (sorted.isEmpty()) {
            return List.of();
        }
        sorted.forEach(g -> g.sort(Comparator.comparingInt((String id) -> occurrences.get(id)).reversed()));
        List<String> chosen = List.of();
        if (method == ChunkPickMethod.VECTOR && similarities != null) {
            chosen = byVector(sorted, similarities, relatedChunkNumber * sorted.size() / 2);
        }
        if (chosen.isEmpty()) {
            chosen = byWeight(sorted, relatedChunkNumber, 1);
        }
        return List.copyOf(new LinkedHashSet<>(chosen));
    }

    /**
     * The first {@code limit} of {@code ids} with their texts: from {@code known} or read from the chunk store in
     * batches, leaving out chunks missing from it.
     */
    List<Candidate> withText(List<String> ids, Map<String, Candidate> known, int limit) {
        List<Candidate> out = new ArrayList<>(Math.min(limit, ids.size()));
        int next = 0;
        while (out.size() < limit && next < ids.size()) {
            List<String> batch = ids.subList(next, Math.min(ids.size(), next + limit - out.size()));
            next += batch.size();
            List<String> unknown = batch.stream().filter(id -> !known.containsKey(id)).toList();
            Map<String, StoredChunk> records = unknown.isEmpty() ? Map.of() : stores.chunks().getAll(unknown);
            for (String id : batch) {
                Candidate candidate = known.get(id);
                StoredChunk stored = records.get(id);
                if (candidate == null && stored != null && stored.hasText()) {
                    candidate = new Candidate(id, stored.chunk().content(), stored.chunk().filePath());
                }
                if (candidate != null) {
                    out.add(candidate);
                }
            }
        }
        return out;
    }

    /** The {@code count} candidates whose chunk vectors are most similar to the query (best first). */
    private List<String> byVector(List<List<String>> groups, ChunkSimilarities similarities, int count) {
        if (count <= 0 || similarities.queryIsZero()) {
            return List.of();
        }
        record Scored(String id, double score) {
        }
        LinkedHashSet<String> all = new LinkedHashSet<>();
        groups.forEach(all::addAll);
        Map<String, Float> scores = similarities.of(all);
        List<Scored> scored = new ArrayList<>();
        for (String id : all) {
            Float score = scores.get(id);
            if (score != null) {
                scored.add(new Scored(id, score));
            }
        }
        // stable: equal scores keep the candidates' order
        scored.sort(Comparator.comparingDouble(Scored::score).reversed());
        return scored.stream().limit(count).map(Scored::id).toList();
    }

    /**
     * LightRAG's linear-gradient polling: hit i of n expects round(max − i/(n−1)·(max − min)) chunks; quota a hit
     * cannot use goes, one chunk per round, to the first hits that still have chunks.
     */
    static List<String> byWeight(List<List<String>> groups, int max, int min) {
        int n = groups.size();
        if (n == 0) {
            return List.of();
        }
        if (n == 1) {
            List<String> only = groups.get(0);
            return List.copyOf(only.subList(0, Math.min(max, only.size())));
        }
        List<String> chosen = new ArrayList<>();
        int[] used = new int[n];
        int remaining = 0;
        for (int i = 0; i < n; i++) {
            double ratio = (double) i / (n - 1);
            int expected = (int) Math.rint(max - ratio * (max - min)); // Python round(): half to even
            List<String> g = groups.get(i);
            int actual = Math.min(expected, g.size());
            chosen.addAll(g.subList(0, actual));
            used[i] = actual;
            remaining += Math.max(0, expected - actual);
        }
        for (int round = 0; round < remaining; round++) {
            boolean allocated = false;
            for (int i = 0; i < n; i++) {
                if (used[i] < groups.get(i).size()) {
                    chosen.add(groups.get(i).get(used[i]++));
                    allocated = true;
                    break;
                }
            }
            if (!allocated) {
                break;
            }
        }
        return chosen;
    }
}
