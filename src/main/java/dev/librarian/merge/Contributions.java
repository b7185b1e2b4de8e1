package dev.librarian.merge;

import dev.librarian.model.ChunkExtraction;
import dev.librarian.model.EntityRecord;
import dev.librarian.model.RelationKey;
import dev.librarian.model.RelationRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What every chunk contributed to every entity and relation. The graph is a function of this index: a chunk's
 * records replace whatever that chunk contributed before, so re-processing a document counts each chunk once.
 * Changes are prepared as a {@link Change} and only {@link #commit committed} once the document's index is written.
 */
public final class Contributions {

    private final Map<String, TreeMap<ChunkRef, List<EntityRecord>>> entities = new HashMap<>();
    private final Map<RelationKey, TreeMap<ChunkRef, List<RelationRecord>>> relations = new HashMap<>();
    private final Map<String, Set<RelationKey>> relationsByEntity = new HashMap<>();
    private final Map<String, Set<String>> entitiesByDoc = new HashMap<>();
    private final Map<String, Set<RelationKey>> relationsByDoc = new HashMap<>();
    private final RecordStrings strings = new RecordStrings();
    private boolean ready;

    /** An empty index, ready for merges. */
    public Contributions() {
        this(true);
    }

    private Contributions(boolean ready) {
        this.ready = ready;
    }

    /**
     * An index still to be filled with what the stored documents contributed ({@link #restore}); merges wait until
     * {@link #restored()}, so the service answers while a big library's index is rebuilt.
     */
    public static Contributions restoring() {
        return new Contributions(false);
    }

    /**
     * Adds a stored document's contributions while the index is being restored: straight into the index, as the
     * document is not in it yet (a change, which copies every entity and relation it touches, would make restoring
     * a library's popular entities quadratic). Each document once.
     */
    synchronized void restore(String docId, List<ChunkExtraction> extractions) {
        if (entitiesByDoc.containsKey(docId)) {
            throw new IllegalStateException(docId + " is already in the graph contributions");
        }
        Set<String> docEntities = new HashSet<>();
        Set<RelationKey> docRelations = new HashSet<>();
        for (ChunkExtraction extraction : extractions) {
            ChunkRef ref = ChunkRef.of(extraction.chunk());
            for (EntityRecord record : extraction.entities()) {
                EntityRecord e = strings.shared(record);
                entities.computeIfAbsent(e.name(), n -> new TreeMap<>()).computeIfAbsent(ref, r -> new ArrayList<>())
                        .add(e);
                docEntities.add(e.name());
            }
            for (RelationRecord record : extraction.relations()) {
                if (record.source().equals(record.target())) {
                    continue;
                }
                RelationRecord r = strings.shared(record);
                RelationKey key = r.key();
                relations.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(ref, x -> new ArrayList<>())
                        .add(r);
                relationsByEntity.computeIfAbsent(key.first(), n -> new HashSet<>()).add(key);
                relationsByEntity.computeIfAbsent(key.second(), n -> new HashSet<>()).add(key);
                docRelations.add(key);
            }
        }
        entitiesByDoc.put(docId, docEntities);
        relationsByDoc.put(docId, docRelations);
    }

    /** The index holds every stored document: merges may go ahead. */
    public synchronized void restored() {
        entities.values().forEach(Contributions::compact);
        relations.values().forEach(Contributions::compact);
        ready = true;
        notifyAll();
    }

    /**
     * Makes the records of each chunk an immutable list sized to fit: most chunks give an entity or relation one
     * record, held by a 24-byte list instead of a growable one and its array (12 MB less of the live heap on the
     * benchmark library of 20,551 chunks). Immutable, they are shared by the changes that copy the index.
     */
    private static <T> void compact(NavigableMap<ChunkRef, List<T>> byChunk) {
        byChunk.replaceAll((ref, records) -> List.copyOf(records));
    }

    /**
     * The part of {@code byChunk} from {@code docId}'s chunks, as a view: refs sort by document first, so they are one
     * run found in log time (a main character's map holds thousands of chunks).
     */
    private static <T> NavigableMap<ChunkRef, List<T>> chunksOf(TreeMap<ChunkRef, List<T>> byChunk, String docId) {
        return byChunk.subMap(new ChunkRef(docId, Integer.MIN_VALUE, null, null), true,
                new ChunkRef(docId, Integer.MAX_VALUE, null, null), true);
    }

    /**
     * The new state of every entity and relation a document touches, computed without changing this index; waits
     * while the index is being restored.
     */
    public synchronized Change prepare(String docId, List<ChunkExtraction> extractions) {
        while (!ready) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the graph contributions were restored", e);
            }
        }
        return prepareNow(docId, extractions);
    }

    private Change prepareNow(String docId, List<ChunkExtraction> extractions) {
        Map<String, TreeMap<ChunkRef, List<EntityRecord>>> newEntities = new HashMap<>();
        Map<RelationKey, TreeMap<ChunkRef, List<RelationRecord>>> newRelations = new HashMap<>();
        for (String name : entitiesByDoc.getOrDefault(docId, Set.of())) {
            newEntities.put(name, withoutDoc(entities.get(name), docId));
        }
        for (RelationKey key : relationsByDoc.getOrDefault(docId, Set.of())) {
            newRelations.put(key, withoutDoc(relations.get(key), docId));
        }
        for (ChunkExtraction extraction : extractions) {
            ChunkRef ref = ChunkRef.of(extraction.chunk());
            for (EntityRecord record : extraction.entities()) {
                EntityRecord e = strings.shared(record);
                newEntities.computeIfAbsent(e.name(), n -> withoutDoc(entities.get(n), docId))
                        .computeIfAbsent(ref, r -> new ArrayList<>()).add(e);
            }
            for (RelationRecord record : extraction.relations()) {
                if (record.source().equals(record.target())) {
                    continue;
                }
                RelationRecord r = strings.shared(record);
                newRelations.computeIfAbsent(r.key(), k -> withoutDoc(relations.get(k), docId))
                        .computeIfAbsent(ref, x -> new ArrayList<>()).add(r);
            }
        }
        Set<String> touched = new LinkedHashSet<>(newEntities.keySet());
        newRelations.keySet().forEach(k -> {
            touched.add(k.first());
            touched.add(k.second());
        });
        for (String name : touched) {
            newEntities.computeIfAbsent(name, n -> copy(entities.get(n)));
        }
        return new Change(docId, newEntities, newRelations);
    }

    public synchronized void commit(Change change) {
        Set<String> docEntities = new HashSet<>();
        Set<RelationKey> docRelations = new HashSet<>();
        change.entities.forEach((name, byChunk) -> {
            NavigableMap<ChunkRef, List<EntityRecord>> own = chunksOf(byChunk, change.docId);
            if (byChunk.isEmpty()) {
                entities.remove(name);
            } else {
                compact(own);
                entities.put(name, byChunk);
            }
            if (!own.isEmpty()) {
                docEntities.add(name);
            }
        });
        change.relations.forEach((key, byChunk) -> {
            NavigableMap<ChunkRef, List<RelationRecord>> own = chunksOf(byChunk, change.docId);
            if (byChunk.isEmpty()) {
                relations.remove(key);
                unlink(key);
            } else {
                compact(own);
                relations.put(key, byChunk);
                relationsByEntity.computeIfAbsent(key.first(), n -> new HashSet<>()).add(key);
                relationsByEntity.computeIfAbsent(key.second(), n -> new HashSet<>()).add(key);
            }
            if (!own.isEmpty()) {
                docRelations.add(key);
            }
        });
        entitiesByDoc.put(change.docId, docEntities);
        relationsByDoc.put(change.docId, docRelations);
    }

    private void unlink(RelationKey key) {
        for (String end : List.of(key.first(), key.second())) {
            Set<RelationKey> keys = relationsByEntity.get(end);
            if (keys != null) {
                keys.remove(key);
                if (keys.isEmpty()) {
                    relationsByEntity.remove(end);
                }
            }
        }
    }

    private synchronized Set<RelationKey> committedRelationsOf(String name) {
        return new HashSet<>(relationsByEntity.getOrDefault(name, Set.of()));
    }

    private synchronized TreeMap<ChunkRef, List<RelationRecord>> committedRelation(RelationKey key) {
        return relations.get(key);
    }

    private static <T> TreeMap<ChunkRef, List<T>> withoutDoc(TreeMap<ChunkRef, List<T>> byChunk, String docId) {
        TreeMap<ChunkRef, List<T>> copy = copy(byChunk);
        chunksOf(copy, docId).clear();
        return copy;
    }

    private static <T> TreeMap<ChunkRef, List<T>> copy(TreeMap<ChunkRef, List<T>> byChunk) {
        if (byChunk == null) {
            return new TreeMap<>();
        }
        // built from the sorted map in linear time (a main character has thousands of chunks): no comparisons; the
        // lists are immutable and shared, as a change only adds lists of its own document's chunks
        return new TreeMap<>(byChunk);
    }

    /** A document's contributions applied on top of the committed index, not yet visible to anyone else. */
    public final class Change {
        private final String docId;
        private final Map<String, TreeMap<ChunkRef, List<EntityRecord>>> entities;
        private final Map<RelationKey, TreeMap<ChunkRef, List<RelationRecord>>> relations;

        private Change(String docId, Map<String, TreeMap<ChunkRef, List<EntityRecord>>> entities,
                       Map<RelationKey, TreeMap<ChunkRef, List<RelationRecord>>> relations) {
            this.docId = docId;
            this.entities = entities;
            this.relations = relations;
        }

        public String docId() {
            return docId;
        }

        /** Entities whose node may change: the document's own, and every end of a relation it touches. */
        public Set<String> touchedEntities() {
            return new TreeSet<>(entities.keySet());
        }

        public Set<RelationKey> touchedRelations() {
            return new TreeSet<>(relations.keySet());
        }

        public TreeMap<ChunkRef, List<EntityRecord>> entityRecords(String name) {
            return entities.getOrDefault(name, new TreeMap<>());
        }

        public TreeMap<ChunkRef, List<RelationRecord>> relationRecords(RelationKey key) {
            TreeMap<ChunkRef, List<RelationRecord>> changed = relations.get(key);
            if (changed != null) {
                return changed;
            }
            TreeMap<ChunkRef, List<RelationRecord>> committed = committedRelation(key);
            return committed == null ? new TreeMap<>() : committed;
        }

        /** Relations that still have contributions and end at {@code name}, in key order. */
        public List<RelationKey> relationsOf(String name) {
            Set<RelationKey> keys = new TreeSet<>(committedRelationsOf(name));
            relations.keySet().stream().filter(k -> k.first().equals(name) || k.second().equals(name))
                    .forEach(keys::add);
            keys.removeIf(k -> relationRecords(k).isEmpty());
            return new ArrayList<>(keys);
        }

        /** Entity names the document mentions, by its own records or as relation ends. */
        public Set<String> documentEntities() {
            Set<String> names = new TreeSet<>();
            entities.forEach((n, m) -> {
                if (!chunksOf(m, docId).isEmpty()) {
                    names.add(n);
                }
            });
            documentRelations().forEach(k -> {
                names.add(k.first());
                names.add(k.second());
            });
            return names;
        }

        public Set<RelationKey> documentRelations() {
            Set<RelationKey> keys = new TreeSet<>();
            relations.forEach((k, m) -> {
                if (!chunksOf(m, docId).isEmpty()) {
                    keys.add(k);
                }
            });
            return keys;
        }
    }
}
