package dev.librarian.bench;


import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The short measured comparison behind the store's engine: the same JDBC workload, shaped like Librarian's (a
 * document's merge as one transaction of chunk rows, small graph rows and vector blobs; single-row commits as
 * accepts and LLM answers arrive; point reads by key), on SQLite (WAL, synchronous=NORMAL), H2 (file) and
 * PostgreSQL. Run with {@code bench/store-engines}; options: {@code --documents 300 --chunks 60 --dim 1024}.
 */
public final class StoreEngineSpike {

    private static final Random RANDOM = new Random(7);

    public static void main(String[] args) throws Exception {
        BenchOptions opts = new BenchOptions(args);
        int documents = opts.integer("documents", 300);
        int chunks = opts.integer("chunks", 60);
        int dim = opts.integer("dim", 1024);
        Path dir = Files.createTempDirectory("store-spike");
        String pg = opts.text("postgres", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        System.out.printf("%d documents x %d chunks (5 KB), %d small rows and %d vectors of %d floats each%n",
                documents, chunks, chunks * 6, chunks * 3, dim);
        System.out.printf("%-10s %12s %12s %12s %12s %10s%n", "engine", "merge ms/doc", "last10%/1st",
                "commit p50us", "read p50 us", "size MB");
        run("sqlite", "jdbc:sqlite:" + dir.resolve("spike.db"), "BLOB", dir, documents, chunks, dim);
        run("h2", "jdbc:h2:file:" + dir.resolve("spike-h2") + ";DB_CLOSE_ON_EXIT=FALSE", "VARBINARY", dir, documents,
                chunks, dim);
        run("postgresql", pg, "BYTEA", dir, documents, chunks, dim);
    }

    private static void run(String engine, String url, String blob, Path dir, int documents, int chunks, int dim)
            throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                if (engine.equals("sqlite")) {
                    s.execute("PRAGMA journal_mode=WAL");
                    s.execute("PRAGMA synchronous=NORMAL");
                }
                s.execute("DROP TABLE IF EXISTS spike_kv");
                s.execute("DROP TABLE IF EXISTS spike_vec");
                s.execute("CREATE TABLE spike_kv (ns VARCHAR(32) NOT NULL, k VARCHAR(200) NOT NULL, v TEXT NOT NULL,"
                        + " PRIMARY KEY (ns, k))");
                s.execute("CREATE TABLE spike_vec (id VARCHAR(200) PRIMARY KEY, vec " + blob + " NOT NULL)");
            }
            String text = "x".repeat(5000);
            List<Long> merges = new ArrayList<>();
            for (int d = 0; d < documents; d++) {
                long t0 = System.nanoTime();
                c.setAutoCommit(false);
                try (PreparedStatement kv = c.prepareStatement(upsertKv(engine));
                     PreparedStatement vec = c.prepareStatement(upsertVec(engine))) {
                    for (int i = 0; i < chunks; i++) {
                        addKv(kv, "chunks", "doc-" + d + "-chunk-" + i, text);
                        for (int e = 0; e < 6; e++) {
                            addKv(kv, "graph", "entity-" + RANDOM.nextInt(documents * chunks), "a short description");
                        }
                        for (int v = 0; v < 3; v++) {
                            vec.setString(1, "vec-" + d + "-" + i + "-" + v);
                            vec.setBytes(2, new byte[dim * 4]);
                            vec.addBatch();
                        }
                    }
                    kv.executeBatch();
                    vec.executeBatch();
                }
                c.commit();
                c.setAutoCommit(true);
                merges.add(System.nanoTime() - t0);
            }
            List<Long> commits = singleRowCommits(engine, url, 2000);
            List<Long> reads = new ArrayList<>();
            try (PreparedStatement get = c.prepareStatement("SELECT v FROM spike_kv WHERE ns = ? AND k = ?")) {
                for (int i = 0; i < 5000; i++) {
                    long t0 = System.nanoTime();
                    get.setString(1, "chunks");
                    get.setString(2, "doc-" + RANDOM.nextInt(documents) + "-chunk-" + RANDOM.nextInt(chunks));
                    try (ResultSet rs = get.executeQuery()) {
                        rs.next();
                        rs.getString(1);
                    }
                    reads.add(System.nanoTime() - t0);
                }
            }
            int tenth = Math.max(1, documents / 10);
            double first = median(merges.subList(0, tenth));
            double last = median(merges.subList(documents - tenth, documents));
            System.out.printf("%-10s %12.1f %12.2f %12.0f %12.1f %10s%n", engine, median(merges) / 1e6, last / first,
                    median(commits) / 1e3, median(reads) / 1e3, size(engine, dir));
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE spike_kv");
                s.execute("DROP TABLE spike_vec");
            }
        } catch (SQLException e) {
            System.out.printf("%-10s not measured: %s%n", engine, e.getMessage());
        }
    }

    /** Many threads commit one row each, taking turns as the store's writers do (8 threads, like HTTP workers). */
    private static List<Long> singleRowCommits(String engine, String url, int count) throws Exception {
        ReentrantLock writer = new ReentrantLock(true);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Long>> results = new ArrayList<>();
        ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
            try {
                return DriverManager.getConnection(url);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < count; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                writer.lock();
                try (PreparedStatement s = connections.get().prepareStatement(upsertKv(engine))) {
                    addKv(s, "accepted", "doc-new-" + n, "a new text");
                    s.executeBatch();
                } finally {
                    writer.unlock();
                }
                return System.nanoTime() - t0;
            }));
        }
        List<Long> times = new ArrayList<>();
        for (Future<Long> f : results) {
            times.add(f.get());
        }
        pool.shutdown();
        return times;
    }

    private static String upsertKv(String engine) {
        return engine.equals("h2") ? "MERGE INTO spike_kv (ns, k, v) KEY (ns, k) VALUES (?, ?, ?)"
                : "INSERT INTO spike_kv (ns, k, v) VALUES (?, ?, ?) ON CONFLICT (ns, k) DO UPDATE SET v = excluded.v";
    }

    private static String upsertVec(String engine) {
        return engine.equals("h2") ? "MERGE INTO spike_vec (id, vec) KEY (id) VALUES (?, ?)"
                : "INSERT INTO spike_vec (id, vec) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET vec = excluded.vec";
    }

    private static void addKv(PreparedStatement s, String ns, String key, String value) throws SQLException {
        s.setString(1, ns);
        s.setString(2, key);
        s.setString(3, value);
        s.addBatch();
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String size(String engine, Path dir) throws Exception {
        if (engine.equals("postgresql")) {
            return "-";
        }
        long bytes = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(engine.equals("h2") ? "spike-h2"
                    : "spike.db")).toList()) {
                bytes += Files.size(f);
            }
        }
        return String.format("%.0f", bytes / 1e6);
    }

}
