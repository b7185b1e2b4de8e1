package dev.librarian.status;

/** LightRAG's document states, as written in {@code kv_store_doc_status.json}. */
public enum DocStatus {
    PENDING, PROCESSING, PROCESSED, FAILED;

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static DocStatus of(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
