package dev.librarian.extract;

import dev.librarian.model.EntityRecord;
import dev.librarian.model.RelationRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Combines the first extraction answer of a chunk with its gleaning answer, as LightRAG does: records are grouped by
 * entity name or undirected relation key; for a key in both answers the gleaned group replaces the first group only
 * when its first record's description is longer; keys only in the gleaning answer are appended. Output order: the
 * first answer's keys, then the new keys in gleaning order, each group's records kept together.
 */
public final class GleaningMerge {

    private GleaningMerge() {
    }

    public static ParsedRecords merge(ParsedRecords first, ParsedRecords gleaned) {
        if (first == null) {
            first = ParsedRecords.empty();
        }
        if (gleaned == null) {
            gleaned = ParsedRecords.empty();
        }
        List<EntityRecord> entities = mergeGroups(first.entities(), gleaned.entities(),
                EntityRecord::name, EntityRecord::description);
        List<RelationRecord> relations = mergeGroups(first.relations(), gleaned.relations(),
                RelationRecord::key, RelationRecord::description);
        return new ParsedRecords(entities, relations);
    }

    private static <T, K> List<T> mergeGroups(List<T> first, List<T> gleaned,
                                              Function<T, K> key, Function<T, String> description) {
        Map<K, List<T>> merged = group(first, key);
        for (Map.Entry<K, List<T>> g : group(gleaned, key).entrySet()) {
            List<T> existing = merged.get(g.getKey());
            if (existing == null || length(description.apply(g.getValue().get(0)))
                    > length(description.apply(existing.get(0)))) {
                merged.put(g.getKey(), g.getValue()); // replacing keeps the key's first-pass position
            }
        }
        List<T> out = new ArrayList<>();
        merged.values().forEach(out::addAll);
        return out;
    }

    private static <T, K> Map<K, List<T>> group(List<T> records, Function<T, K> key) {
        Map<K, List<T>> groups = new LinkedHashMap<>();
        for (T r : records) {
            groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    /** Length in code points, as Python's {@code len}. */
    private static int length(String s) {
        return s == null ? 0 : s.codePointCount(0, s.length());
    }
}
