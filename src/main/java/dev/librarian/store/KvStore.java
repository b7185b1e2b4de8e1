package dev.librarian.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One of LightRAG's key-value namespaces ({@code kv_store_<namespace>.json}): JSON object records by key, listed in
 * insertion order (replacing a record keeps its place). Records handed out are copies.
 */
public interface KvStore {

    /** LightRAG's namespace, e.g. {@code text_chunks}. */
    String namespace();

    /** The file LightRAG keeps this namespace in: {@code kv_store_<namespace>.json}. */
    default String fileName() {
        return "kv_store_" + namespace() + ".json";
    }

    Optional<ObjectNode> get(String key);

    /** The records of {@code keys} that exist, by key. */
    default Map<String, ObjectNode> getAll(Collection<String> keys) {
        Map<String, ObjectNode> found = new HashMap<>();
        for (String key : keys) {
            get(key).ifPresent(r -> found.put(key, r));
        }
        return found;
    }

    boolean contains(String key);

    /** Replaces the whole value under {@code key} (stamped with LightRAG's time fields where the namespace has them). */
    void upsert(String key, ObjectNode value);

    boolean delete(String key);

    /** The keys starting with {@code prefix}, in key order. */
    List<String> keysWithPrefix(String prefix);

    /** Every record in insertion order, one at a time (the store is never held in memory as a whole). */
    void forEach(BiConsumer<String, ObjectNode> action);

    int size();

    /** How many records there are per value of {@code key}. */
    default Map<String, Integer> countBy(Function<ObjectNode, String> key) {
        Map<String, Integer> counts = new HashMap<>();
        forEach((k, record) -> counts.merge(key.apply(record), 1, Integer::sum));
        return counts;
    }

    /**
     * One part of every record, by key in insertion order. {@code part} is shown the record itself (a store may
     * hand over the one it holds rather than a copy), so it must not change it.
     */
    default <T> Map<String, T> collect(Function<ObjectNode, T> part) {
        Map<String, T> parts = new LinkedHashMap<>();
        forEach((k, record) -> parts.put(k, part.apply(record)));
        return parts;
    }

    /** Snapshot of the keys, in insertion order; for small namespaces and tests. */
    Set<String> keys();

    /** Copies of all records, in insertion order; for small namespaces and tests. */
    Map<String, ObjectNode> snapshot();
}
