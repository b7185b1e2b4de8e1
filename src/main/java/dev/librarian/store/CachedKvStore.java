package dev.librarian.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.store.db.LibraryDatabase;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A small namespace (document status: one record per document) read from memory and written through to the store.
 * The memory copy takes a change once its transaction commits, so readers never see one that was rolled back.
 */
public final class CachedKvStore implements KvStore {

    private final SqlKvStore store;
    private final LibraryDatabase db;
    private final Map<String, ObjectNode> records = new LinkedHashMap<>();

    public CachedKvStore(SqlKvStore store, LibraryDatabase db) {
        this.store = store;
        this.db = db;
        store.forEach(records::put);
    }

    @Override
    public String namespace() {
        return store.namespace();
    }

    @Override
    public synchronized Optional<ObjectNode> get(String key) {
        ObjectNode record = records.get(key);
        return record == null ? Optional.empty() : Optional.of(record.deepCopy());
    }

    @Override
    public synchronized boolean contains(String key) {
        return records.containsKey(key);
    }

    @Override
    public void upsert(String key, ObjectNode value) {
        ObjectNode copy = value.deepCopy();
        store.upsert(key, copy);
        db.afterCommit(() -> {
            synchronized (this) {
                records.put(key, copy);
            }
        });
    }

    @Override
    public boolean delete(String key) {
        boolean removed = store.delete(key);
        db.afterCommit(() -> {
            synchronized (this) {
                records.remove(key);
            }
        });
        return removed;
    }

    @Override
    public synchronized List<String> keysWithPrefix(String prefix) {
        List<String> keys = new ArrayList<>();
        records.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().forEach(keys::add);
        return keys;
    }

    @Override
    public void forEach(BiConsumer<String, ObjectNode> action) {
        snapshot().forEach(action);
    }

    @Override
    public synchronized int size() {
        return records.size();
    }

    @Override
    public synchronized Map<String, Integer> countBy(Function<ObjectNode, String> key) {
        Map<String, Integer> counts = new HashMap<>();
        records.values().forEach(record -> counts.merge(key.apply(record), 1, Integer::sum));
        return counts;
    }

    @Override
    public synchronized <T> Map<String, T> collect(Function<ObjectNode, T> part) {
        Map<String, T> parts = new LinkedHashMap<>();
        records.forEach((k, record) -> parts.put(k, part.apply(record)));
        return parts;
    }

    @Override
    public synchronized Set<String> keys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(records.keySet()));
    }

    @Override
    public synchronized Map<String, ObjectNode> snapshot() {
        Map<String, ObjectNode> copy = new LinkedHashMap<>();
        records.forEach((k, v) -> copy.put(k, v.deepCopy()));
        return Collections.unmodifiableMap(copy);
    }
}
