package dev.librarian.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** LightRAG's query modes (§8): how context is found before the LLM answers. */
public enum QueryMode {
    /** Chunk vector search on the raw query only. */
    NAIVE,
    /** Entities matched against the low-level keywords, plus their relations. */
    LOCAL,
    /** Relations matched against the high-level keywords, plus their end entities. */
    GLOBAL,
    /** Local and global together. */
    HYBRID,
    /** Hybrid plus chunk vector search on the raw query (the default). */
    MIX,
    /** No retrieval: the query goes straight to the LLM. */
    BYPASS;

    /** "naive, local, global, hybrid, mix, bypass". */
    public static final String ALL = Arrays.stream(values()).map(QueryMode::wire).collect(Collectors.joining(", "));

    /** The name used in requests and responses. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode for a request value (exact, lower-case, as LightRAG accepts it). */
    public static Optional<QueryMode> parse(String value) {
        return Arrays.stream(values()).filter(m -> m.wire().equals(value)).findFirst();
    }

    /** Whether retrieval goes through the knowledge graph and so needs keywords. */
    public boolean usesKeywords() {
        return this == LOCAL || this == GLOBAL || this == HYBRID || this == MIX;
    }
}
