package dev.librarian.store.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.librarian.store.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The library's system of record: one SQLite file in {@code WORKING_DIR} ({@code library.db}) or a PostgreSQL
 * database ({@code DATABASE_URL}), the same tables and SQL on both. Every change is one transaction
 * ({@link #inTransaction}); work started inside a transaction joins it, so an accept, a merge or a deletion commits
 * whole or not at all. Writers take turns (SQLite has one writer anyway, and turns keep PostgreSQL free of
 * deadlocks); readers use pooled connections and see committed data only.
 *
 * <p>Lock order: a caller may hold its own monitor when it starts a transaction, but work inside a transaction
 * never waits for a monitor that another thread holds while starting one.
 */
public final class LibraryDatabase implements Closeable, Transactions {

    private static final Logger LOG = LoggerFactory.getLogger(LibraryDatabase.class);
    /** SQLite's automatic checkpoint, in 4 KB pages: 10 times its default, as a safety net. */
    private static final int COMMIT_CHECKPOINT_PAGES = 10_000;
    /** A shared commit's writes are never nested: each runs in this savepoint, released before the next. */
    private static final String SAVEPOINT = "SAVEPOINT shared_write";
    private static final String RELEASE_SAVEPOINT = "RELEASE SAVEPOINT shared_write";
    private static final String ROLLBACK_TO_SAVEPOINT = "ROLLBACK TO SAVEPOINT shared_write";

    private final String url;
    private final SqlDialect dialect;
    private final HikariDataSource pool;
    private final InstanceLock instanceLock;
    private final WriterTurn writer = new WriterTurn();
    private final ThreadLocal<Transaction> current = new ThreadLocal<>();
    private final AtomicLong sequence = new AtomicLong();
    private final StoreChanges changes = new StoreChanges();
    private final GroupCommit group = new GroupCommit(this);
    private final AtomicLong commits = new AtomicLong();
    private final List<Runnable> beforeClose = new java.util.concurrent.CopyOnWriteArrayList<>();

    private LibraryDatabase(String url, SqlDialect dialect, HikariDataSource pool, InstanceLock instanceLock) {
        this.url = url;
        this.dialect = dialect;
        this.pool = pool;
        this.instanceLock = instanceLock;
    }

    /**
     * Opens the store at {@code url} (blank: {@code jdbc:sqlite:<workingDir>/library.db}), claims it for this process
     * and creates the tables it lacks.
     *
     * @throws StoreException when another process holds the library, or the database cannot be reached
     */
    public static LibraryDatabase open(String url, Path workingDir) {
        String jdbcUrl = url == null || url.isBlank()
                ? "jdbc:sqlite:" + workingDir.resolve("library.db").toAbsolutePath() : url.strip();
        SqlDialect dialect = SqlDialect.of(jdbcUrl);
        InstanceLock lock = null;
        HikariDataSource pool = null;
        try {
            Files.createDirectories(workingDir);
            if (dialect == SqlDialect.POSTGRESQL) {
                createSchemaIfNamed(jdbcUrl);
            }
            lock = InstanceLock.claim(dialect, jdbcUrl, workingDir);
            pool = pool(jdbcUrl, dialect);
            LibraryDatabase db = new LibraryDatabase(jdbcUrl, dialect, pool, lock);
            db.createTables();
            db.sequence.set(db.highestSequence());
            return db;
        } catch (StoreException e) {
            closeQuietly(pool, lock);
            throw e;
        } catch (Exception e) {
            closeQuietly(pool, lock);
            throw new StoreException("cannot open the library store " + redacted(jdbcUrl) + ": " + e.getMessage(), e);
        }
    }

    private static HikariDataSource pool(String jdbcUrl, SqlDialect dialect) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("library-store");
        config.setMaximumPoolSize(12);
        config.setMinimumIdle(1);
        if (dialect == SqlDialect.SQLITE) {
            SQLiteConfig sqlite = new SQLiteConfig();
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // WAL + NORMAL: a commit survives a killed process (it is in the OS's hands); only a power cut may lose
            // the last commits, never consistency
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            sqlite.setBusyTimeout(60_000);
            SQLiteDataSource source = new SQLiteDataSource(sqlite);
            source.setUrl(jdbcUrl);
            config.setDataSource(source);
            // a commit only appends to the write-ahead log: copying the log into the database file (with its fsync)
            // is the store-checkpoint route's work (checkpoint()), off the path of the writers and whoever waits for
            // them; a commit checkpoints only past 40 MB of log, when no route runs (the import at start-up)
            config.setConnectionInitSql("PRAGMA wal_autocheckpoint = " + COMMIT_CHECKPOINT_PAGES);
        } else {
            config.setJdbcUrl(jdbcUrl);
        }
        return new HikariDataSource(config);
    }

    private static void createSchemaIfNamed(String jdbcUrl) throws SQLException {
        String schema = PostgresUrl.currentSchema(jdbcUrl);
        if (schema == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(PostgresUrl.withoutCurrentSchema(jdbcUrl));
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema.replace("\"", "\"\"") + "\"");
        }
    }

    private void createTables() throws SQLException {
        String key = dialect.keyType();
        List<String> ddl = List.of(
                "CREATE TABLE IF NOT EXISTS kv (ns VARCHAR(64) NOT NULL, k " + key + " NOT NULL, v TEXT NOT NULL,"
                        + " seq BIGINT NOT NULL, PRIMARY KEY (ns, k))",
                "CREATE INDEX IF NOT EXISTS kv_order ON kv (ns, seq)",
                "CREATE TABLE IF NOT EXISTS vectors (ns VARCHAR(32) NOT NULL, id " + key + " NOT NULL,"
                        + " meta TEXT NOT NULL, created_at BIGINT NOT NULL, vec " + dialect.blobType() + " NOT NULL,"
                        + " gen BIGINT NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY (ns, id))",
                "CREATE INDEX IF NOT EXISTS vectors_order ON vectors (ns, seq)",
                "CREATE INDEX IF NOT EXISTS vectors_gen ON vectors (ns, gen)",
                "CREATE TABLE IF NOT EXISTS vector_deletions (ns VARCHAR(32) NOT NULL, id " + key + " NOT NULL,"
                        + " gen BIGINT NOT NULL, PRIMARY KEY (ns, id))",
                "CREATE TABLE IF NOT EXISTS graph_nodes (name " + key + " PRIMARY KEY, node TEXT NOT NULL,"
                        + " seq BIGINT NOT NULL)",
                "CREATE INDEX IF NOT EXISTS graph_nodes_order ON graph_nodes (seq)",
                "CREATE TABLE IF NOT EXISTS graph_edges (src " + key + " NOT NULL, tgt " + key + " NOT NULL,"
                        + " edge TEXT NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY (src, tgt))",
                "CREATE INDEX IF NOT EXISTS graph_edges_order ON graph_edges (seq)",
                "CREATE TABLE IF NOT EXISTS library_meta (name VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL)");
        inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                for (String statement : ddl) {
                    s.execute(statement);
                }
            }
            return null;
        });
    }

    private long highestSequence() {
        return read(c -> {
            long max = 0;
            for (String table : List.of("kv", "vectors", "graph_nodes", "graph_edges")) {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT MAX(seq) FROM " + table)) {
                    if (rs.next()) {
                        max = Math.max(max, rs.getLong(1));
                    }
                }
            }
            return max;
        });
    }

    /**
     * Runs {@code work} in a transaction: committed when it returns, rolled back when it throws. Inside a transaction
     * already open on this thread it joins that one.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        return inTransaction(work, false);
    }

    /** {@link #inTransaction(SqlWork)}; {@code shared}: {@link GroupCommit}'s transaction, first to the writer's turn. */
    <T> T inTransaction(SqlWork<T> work, boolean shared) {
        Transaction open = current.get();
        if (open != null) {
            try {
                return work.run(open.connection());
            } catch (SQLException e) {
                throw failure("a write", e);
            }
        }
        T result;
        Transaction tx;
        writer.take(shared);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            tx = new Transaction(c);
            current.set(tx);
            try {
                result = work.run(c);
                c.commit();
                commits.incrementAndGet();
            } catch (SQLException | RuntimeException | Error e) {
                rollback(c);
                throw e;
            } finally {
                current.remove();
                tx.closeStatements();
                c.setAutoCommit(true);
            }
            changes.committed(tx.changedFiles());
            tx.runAfterCommit();
        } catch (SQLException e) {
            throw failure("a write", e);
        } finally {
            writer.release();
        }
        tx.runAfterRelease();
        return result;
    }

    /** Writes waiting for a shared transaction ({@link #write}). */
    int queuedWrites() {
        return group.queued();
    }

    /** Write transactions committed since the store was opened. */
    long commits() {
        return commits.get();
    }

    /** Runs {@code writes} as one transaction (joining the one open on this thread). */
    public void inTransaction(Runnable writes) {
        inTransaction(c -> {
            writes.run();
            return null;
        });
    }

    /**
     * Runs {@code work} in the transaction open on this thread, or else in a transaction it may share with other
     * threads' writes arriving at the same moment ({@link GroupCommit}): either way it is kept whole or not at all,
     * and committed when this returns.
     */
    public <T> T write(SqlWork<T> work) {
        if (current.get() != null) {
            return inTransaction(work);
        }
        return group.run(work);
    }

    /** {@link #write(SqlWork)} for writes that use the stores rather than the connection. */
    @Override
    public void runShared(Runnable writes) {
        write(c -> {
            writes.run();
            return null;
        });
    }

    @Override
    public void run(Runnable writes) {
        inTransaction(writes);
    }

    /**
     * Runs {@code work} in a savepoint of the transaction open on this thread: when it fails, what it wrote and the
     * after-commit actions it asked for are undone, and the rest of the transaction stays.
     */
    <T> T inSavepoint(SqlWork<T> work) {
        Transaction tx = current.get();
        if (tx == null) {
            throw new IllegalStateException("a savepoint needs an open transaction");
        }
        Transaction.Mark mark = tx.mark();
        try {
            tx.statement(SAVEPOINT).execute();
        } catch (SQLException e) {
            throw failure("a write", e);
        }
        try {
            T result = work.run(tx.connection());
            tx.statement(RELEASE_SAVEPOINT).execute();
            return result;
        } catch (SQLException e) {
            undo(tx, mark);
            throw failure("a write", e);
        } catch (RuntimeException | Error e) {
            undo(tx, mark);
            throw e;
        }
    }

    private static void undo(Transaction tx, Transaction.Mark mark) {
        tx.rollbackTo(mark);
        try {
            tx.statement(ROLLBACK_TO_SAVEPOINT).execute();
            tx.statement(RELEASE_SAVEPOINT).execute();
        } catch (SQLException e) {
            LOG.warn("Rollback to a savepoint failed: {}", e.getMessage());
        }
    }

    /**
     * A statement of the transaction open on this thread, prepared once for the whole transaction and closed with
     * it (the caller does not close it): a shared commit runs the same few statements for each of its writes, and
     * preparing one took as long as running it. Its result sets must be closed before the transaction ends.
     */
    public PreparedStatement statement(String sql) throws SQLException {
        Transaction tx = current.get();
        if (tx == null) {
            throw new IllegalStateException("a transaction's statement needs an open transaction");
        }
        return tx.statement(sql);
    }

    /** Reads with the open transaction's connection (its uncommitted changes included) or a pooled one. */
    public <T> T read(SqlWork<T> work) {
        Transaction open = current.get();
        try {
            if (open != null) {
                return work.run(open.connection());
            }
            try (Connection c = pool.getConnection()) {
                return work.run(c);
            }
        } catch (SQLException e) {
            throw failure("a read", e);
        }
    }

    /**
     * Reads several statements from one snapshot: a read-only transaction (SQLite's WAL snapshot, PostgreSQL's
     * REPEATABLE READ), so what they return belongs to one state of the library.
     */
    public <T> T readSnapshot(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            if (dialect == SqlDialect.POSTGRESQL) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            try {
                return work.run(c);
            } finally {
                rollback(c);
                c.setAutoCommit(true);
                c.setTransactionIsolation(isolation);
            }
        } catch (SQLException e) {
            throw failure("a read", e);
        }
    }

    /** Runs {@code action} once the open transaction commits (at once when none is open); never after a rollback. */
    public void afterCommit(Runnable action) {
        Transaction open = current.get();
        if (open == null) {
            action.run();
        } else {
            open.afterCommit(action);
        }
    }

    /**
     * Runs {@code action} once, after the open transaction's other after-commit actions, however often it is asked
     * for under the same {@code key} (at once when no transaction is open).
     */
    public void afterCommitLast(Object key, Runnable action) {
        Transaction open = current.get();
        if (open == null) {
            action.run();
        } else {
            open.afterCommitLast(key, action);
        }
    }

    /**
     * Runs {@code action} once, after the open transaction committed and the next writer went ahead (at once when no
     * transaction is open): slow follow-up work, such as making a derived index durable, holds no writer up.
     */
    public void afterRelease(Object key, Runnable action) {
        Transaction open = current.get();
        if (open == null) {
            action.run();
        } else {
            open.afterRelease(key, action);
        }
    }

    /** Notes that the open transaction changes what LightRAG's file {@code file} holds (for the mirror). */
    public void changes(String file) {
        Transaction open = current.get();
        if (open == null) {
            throw new IllegalStateException("a change of " + file + " outside a transaction");
        }
        open.changed(file);
    }

    /** A value of the store's own bookkeeping ({@code library_meta}), if set. */
    public Optional<String> meta(String name) {
        return read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT value FROM library_meta WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public void setMeta(String name, String value) {
        write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO library_meta (name, value) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
                s.setString(1, name);
                s.setString(2, value);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** The next value of the store's insertion order (kept across restarts: it starts above every stored one). */
    public long nextSequence() {
        return sequence.incrementAndGet();
    }

    public StoreChanges changes() {
        return changes;
    }

    @Override
    public void close() {
        try {
            beforeClose.forEach(Runnable::run);
        } finally {
            closeQuietly(pool, instanceLock);
        }
    }

    /**
     * Copies what the write-ahead log holds into SQLite's database file, as far as no reader still needs the log
     * (a passive checkpoint: writers go on meanwhile). Nothing to do on PostgreSQL.
     */
    public void checkpoint() {
        if (dialect != SqlDialect.SQLITE) {
            return;
        }
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            throw failure("a checkpoint", e);
        }
    }

    /** Runs {@code action} when the store closes, while it can still be written. */
    public void beforeClose(Runnable action) {
        beforeClose.add(action);
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException(a(what) + " of the library store " + redacted(url) + " failed: " + e.getMessage(), e);
    }

    private static String a(String what) {
        return Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("Rollback failed: {}", e.getMessage());
        }
    }

    private static String redacted(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static void closeQuietly(HikariDataSource pool, InstanceLock lock) {
        if (pool != null) {
            pool.close();
        }
        if (lock != null) {
            lock.release();
        }
    }

    /** One open write transaction: its connection, what to do after it commits, and which files it changes. */
    private static final class Transaction {
        private final Connection connection;
        private final List<Runnable> afterCommit = new ArrayList<>();
        private final List<String> changedFiles = new ArrayList<>();
        private final java.util.Map<Object, Runnable> last = new java.util.LinkedHashMap<>();
        private final java.util.Map<Object, Runnable> released = new java.util.LinkedHashMap<>();
        private final java.util.Map<String, PreparedStatement> statements = new java.util.HashMap<>();

        /** How far the after-commit lists had grown: what a savepoint's rollback cuts them back to. */
        record Mark(int afterCommit, int last, int released) {
        }

        Mark mark() {
            return new Mark(afterCommit.size(), last.size(), released.size());
        }

        void rollbackTo(Mark mark) {
            afterCommit.subList(mark.afterCommit(), afterCommit.size()).clear();
            cut(last, mark.last());
            cut(released, mark.released());
        }

        private static void cut(java.util.Map<Object, Runnable> actions, int size) {
            java.util.Iterator<Object> keys = actions.keySet().iterator();
            for (int i = 0; keys.hasNext(); i++) {
                keys.next();
                if (i >= size) {
                    keys.remove();
                }
            }
        }

        private Transaction(Connection connection) {
            this.connection = connection;
        }

        Connection connection() {
            return connection;
        }

        PreparedStatement statement(String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                statements.put(sql, statement);
            }
            return statement;
        }

        void closeStatements() {
            for (PreparedStatement statement : statements.values()) {
                try {
                    statement.close();
                } catch (SQLException e) {
                    LOG.warn("Closing a statement failed: {}", e.getMessage());
                }
            }
            statements.clear();
        }

        void afterCommit(Runnable action) {
            afterCommit.add(action);
        }

        void afterCommitLast(Object key, Runnable action) {
            last.putIfAbsent(key, action);
        }

        void afterRelease(Object key, Runnable action) {
            released.putIfAbsent(key, action);
        }

        void runAfterRelease() {
            released.values().forEach(Runnable::run);
        }

        void changed(String file) {
            if (!changedFiles.contains(file)) {
                changedFiles.add(file);
            }
        }

        List<String> changedFiles() {
            return changedFiles;
        }

        void runAfterCommit() {
            afterCommit.forEach(Runnable::run);
            last.values().forEach(Runnable::run);
        }
    }
}
