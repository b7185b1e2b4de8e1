package dev.librarian.model;

/** Undirected relation key with {@code first <= second} (lexicographic), as LightRAG sorts edge ends. */
public record RelationKey(String first, String second) implements Comparable<RelationKey> {

    public static RelationKey of(String a, String b) {
        return a.compareTo(b) <= 0 ? new RelationKey(a, b) : new RelationKey(b, a);
    }

    /** LightRAG's relation chunk-tracking key: {@code "A<SEP>B"}. */
    public String joined() {
        return first + Separators.GRAPH_FIELD + second;
    }

    @Override
    public int compareTo(RelationKey o) {
        int c = first.compareTo(o.first);
        return c != 0 ? c : second.compareTo(o.second);
    }
}
