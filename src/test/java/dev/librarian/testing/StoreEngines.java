package dev.librarian.testing;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The two engines the store runs on, for tests that must hold on both: SQLite (a file in the test's folder) and the
 * PostgreSQL of this machine (127.0.0.1:5432, database {@code test}, trust authentication; each test gets a schema
 * of its own). Without a reachable PostgreSQL its cases are skipped, unless {@code REQUIRE_POSTGRES=1} (CI) makes
 * them fail.
 */
public enum StoreEngines {
    SQLITE, POSTGRESQL;

    static final String POSTGRES = System.getenv().getOrDefault("TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    public static Stream<StoreEngines> both() {
        return Stream.of(SQLITE, POSTGRESQL);
    }

    /**
     * A fresh, empty store URL of this engine: {@code ""} (SQLite in the working directory) or a PostgreSQL URL with
     * a new schema.
     */
    public String freshUrl() {
        if (this == SQLITE) {
            return "";
        }
        requirePostgres();
        return POSTGRES + "&currentSchema=t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** Drops the schema a PostgreSQL URL from {@link #freshUrl()} named. */
    public static void drop(String url) {
        int at = url.indexOf("currentSchema=");
        if (at < 0) {
            return;
        }
        try (Connection c = DriverManager.getConnection(POSTGRES); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + url.substring(at + "currentSchema=".length()) + " CASCADE");
        } catch (SQLException e) {
            // a leftover schema harms nobody: every test makes its own
        }
    }

    private static void requirePostgres() {
        try (Connection c = DriverManager.getConnection(POSTGRES)) {
            c.isValid(2);
        } catch (SQLException e) {
            String why = "no PostgreSQL at " + POSTGRES + ": " + e.getMessage();
            if ("1".equals(System.getenv("REQUIRE_POSTGRES"))) {
                throw new IllegalStateException(why, e);
            }
            Assumptions.abort(why);
        }
    }
}
