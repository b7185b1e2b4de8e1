package dev.librarian.graph;

/**
 * The attribute keys of LightRAG's {@code graph_chunk_entity_relation.graphml} (NetworkX's GraphML, §1.9) and how
 * their numeric values are read.
 */
final class GraphmlKeys {

    static final String ENTITY_ID = "entity_id";
    static final String ENTITY_TYPE = "entity_type";
    static final String DESCRIPTION = "description";
    static final String SOURCE_ID = "source_id";
    static final String FILE_PATH = "file_path";
    static final String CREATED_AT = "created_at";
    static final String TRUNCATE = "truncate";
    static final String WEIGHT = "weight";
    static final String KEYWORDS = "keywords";

    private GraphmlKeys() {
    }

    /** A GraphML long attribute; blank or unreadable text is 0, a fraction is cut off. */
    static long parseLong(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            try {
                return (long) Double.parseDouble(value.trim());
            } catch (NumberFormatException again) {
                return 0;
            }
        }
    }

    /** An edge weight; blank or unreadable text is 1.0. */
    static double parseWeight(String value) {
        if (value == null || value.isBlank()) {
            return 1.0;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            return 1.0;
        }
    }
}
