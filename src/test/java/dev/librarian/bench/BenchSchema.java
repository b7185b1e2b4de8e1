package dev.librarian.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL schema a {@code --database-url} names ({@code currentSchema=}): emptied before a run, so the
 * benchmark starts with no library, and measured after it. Only schemas whose name starts with {@code bench} are
 * touched, so a wrong URL cannot drop a real library.
 */
final class BenchSchema {

    private static final Pattern SCHEMA = Pattern.compile("[?&]currentSchema=([A-Za-z0-9_]+)");

    private BenchSchema() {
    }

    static String name(String url) {
        Matcher m = SCHEMA.matcher(url);
        if (!m.find() || !m.group(1).startsWith("bench")) {
            throw new IllegalArgumentException("--database-url needs currentSchema=bench... (a schema the benchmark"
                    + " may drop), got " + url);
        }
        return m.group(1);
    }

    static void drop(String url) throws SQLException {
        String schema = name(url);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** Bytes of the schema's tables with their indexes and TOAST data. */
    static long bytes(String url) {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement s = c.prepareStatement(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'r'")) {
            s.setString(1, name(url));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }
}
