package dev.librarian.model;

/** Delimiters fixed by LightRAG's file formats and extraction record format. */
public final class Separators {
    /** Joins description fragments, source ids and file paths in graph and vector stores. */
    public static final String GRAPH_FIELD = "<SEP>";
    /** Separates the fields of one extraction record. */
    public static final String TUPLE = "<|#|>";
    /** Ends the LLM's extraction output. */
    public static final String COMPLETION = "<|COMPLETE|>";
    /** Used for documents that have no file name. */
    public static final String UNKNOWN_SOURCE = "unknown_source";

    private Separators() {
    }
}
