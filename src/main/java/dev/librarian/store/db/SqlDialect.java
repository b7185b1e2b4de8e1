package dev.librarian.store.db;

/**
 * What differs between the two engines the store runs on. Queries are the same SQL on both; only column types,
 * connection set-up and the instance lock differ.
 */
public enum SqlDialect {
    SQLITE("BLOB", "TEXT"),
    POSTGRESQL("BYTEA", "TEXT COLLATE \"C\"");

    private final String blobType;
    private final String keyType;

    SqlDialect(String blobType, String keyType) {
        this.blobType = blobType;
        this.keyType = keyType;
    }

    public static SqlDialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("DATABASE_URL must be a jdbc:sqlite: or jdbc:postgresql: URL, not '"
                + jdbcUrl + "'");
    }

    /** Column type of vectors. */
    public String blobType() {
        return blobType;
    }

    /**
     * Column type of keys: byte order on both engines, so {@code k >= prefix AND k < prefix + U+FFFF} finds the keys
     * starting with a prefix (PostgreSQL's default collation would order by language rules).
     */
    public String keyType() {
        return keyType;
    }
}
