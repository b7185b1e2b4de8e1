package dev.librarian.vector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.store.LightRagJson;
import dev.librarian.store.db.LibraryDatabase;
import dev.librarian.store.db.RowCursor;
import dev.librarian.store.db.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A vector namespace whose records live in the store's {@code vectors} table (the truth) and whose search runs on a
 * {@link VectorIndex} derived from it. A write is part of the caller's transaction; the index takes it after the
 * commit. Every write carries a generation (the store's sequence), and removed ids leave a tombstone, so an index
 * that missed changes (a crash before its own commit) catches up at start-up from what is newer than its generation.
 */
public final class SqlVectorStore implements VectorStore, java.io.Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(SqlVectorStore.class);
    private static final TypeReference<LinkedHashMap<String, Object>> META = new TypeReference<>() {
    };

    /** Ids per statement when vectors are read by id (SQLite allows 32,766 parameters, PostgreSQL 65,535). */
    private static final int VECTOR_BATCH = 500;

    private final LibraryDatabase db;
    private final String namespace;
    private final int dim;
    private final List<String> metaFields;
    private final VectorIndex index;
    /** The newest generation written to the store (in a transaction that may still be open). */
    private final AtomicLong latestGeneration = new AtomicLong();
    /** The newest generation whose changes are all in {@link #committedChanges} or applied: what a commit may claim. */
    private final AtomicLong queuedGeneration = new AtomicLong();
    /** Committed changes the index has not taken yet, in commit order. */
    private final Queue<Consumer<VectorIndex>> committedChanges = new ConcurrentLinkedQueue<>();
    private final Object indexTurn = new Object();
    /** Commits one at a time (the timer's and the stop's), without holding up {@link #indexTurn} while they sync. */
    private final Object commitTurn = new Object();
    /** The generation the index published since it last committed, if any (else -1); guarded by indexTurn. */
    private long publishedGeneration = -1;
    private boolean closed;
    private final IdleMerges idleMerges = new IdleMerges();

    public SqlVectorStore(LibraryDatabase db, String namespace, int dim, List<String> metaFields, VectorIndex index) {
        this.db = db;
        this.namespace = namespace;
        this.dim = dim;
        this.metaFields = List.copyOf(metaFields);
        this.index = index;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public void upsert(String id, Map<String, ?> meta, float[] embedding, long createdAt) {
        Objects.requireNonNull(id, "id");
        checkVector(embedding, "embedding for " + id);
        float[] raw = VectorCodec.toHalfPrecision(embedding);
        VectorRecord record = new VectorRecord(id, createdAt, meta == null ? Map.of() : new LinkedHashMap<>(meta), raw);
        db.write(c -> {
            long gen = writeRow(db, namespace, metaFields, record);
            PreparedStatement s = db.statement("DELETE FROM vector_deletions WHERE ns = ? AND id = ?");
            s.setString(1, namespace);
            s.setString(2, id);
            s.executeUpdate();
            db.changes(fileName());
            written(gen, index -> index.upsert(id, raw));
            return null;
        });
    }

    /**
     * Replaces the meta fields of {@code id}, keeping its vector and creation time: the index is not touched, as
     * the vector it holds stays right. False when there is no such record.
     */
    public boolean updateMeta(String id, Map<String, ?> meta) {
        String json = json(keptMeta(metaFields, meta == null ? Map.of() : meta));
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE vectors SET meta = ? WHERE ns = ? AND id = ?")) {
                s.setString(1, json);
                s.setString(2, namespace);
                s.setString(3, id);
                boolean updated = s.executeUpdate() > 0;
                if (updated) {
                    db.changes(fileName());
                }
                return updated;
            }
        });
    }

    /**
     * Stores {@code record} of {@code namespace} as it is (an import): no index is told, each catches up from the store
     * when it opens.
     */
    public static void insert(LibraryDatabase db, String namespace, List<String> metaFields, VectorRecord record) {
        db.write(c -> writeRow(db, namespace, metaFields, record));
    }

    /** Writes the row of {@code record} in the open transaction; returns the generation it carries. */
    private static long writeRow(LibraryDatabase db, String namespace, List<String> metaFields, VectorRecord record) {
        String meta = json(keptMeta(metaFields, record.meta()));
        return db.inTransaction(c -> {
            long gen = db.nextSequence();
            PreparedStatement s = db.statement("INSERT INTO vectors (ns, id, meta, created_at, vec, gen, seq)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ns, id) DO UPDATE SET meta = excluded.meta,"
                    + " created_at = excluded.created_at, vec = excluded.vec, gen = excluded.gen");
            s.setString(1, namespace);
            s.setString(2, record.id());
            s.setString(3, meta);
            s.setLong(4, record.createdAt());
            s.setBytes(5, VectorCodec.float32Bytes(record.vector()));
            s.setLong(6, gen);
            s.setLong(7, gen);
            s.executeUpdate();
            db.changes("vdb_" + namespace + ".json");
            return gen;
        });
    }

    @Override
    public boolean delete(String id) {
        return db.inTransaction(c -> {
            PreparedStatement deletion = db.statement("DELETE FROM vectors WHERE ns = ? AND id = ?");
            deletion.setString(1, namespace);
            deletion.setString(2, id);
            boolean removed = deletion.executeUpdate() > 0;
            if (removed) {
                long gen = db.nextSequence();
                PreparedStatement s = db.statement("INSERT INTO vector_deletions (ns, id, gen)"
                        + " VALUES (?, ?, ?) ON CONFLICT (ns, id) DO UPDATE SET gen = excluded.gen");
                s.setString(1, namespace);
                s.setString(2, id);
                s.setLong(3, gen);
                s.executeUpdate();
                db.changes(fileName());
                written(gen, index -> index.delete(id));
            }
            return removed;
        });
    }

    /**
     * Queues {@code change} for the index once the transaction commits, in commit order (the writer's turn is still
     * held then); it is applied, and the index committed, after the writer's turn, so building the index's graph
     * holds no other writer up. The index claims a generation only once every change up to it was queued.
     */
    private void written(long gen, Consumer<VectorIndex> change) {
        latestGeneration.accumulateAndGet(gen, Math::max);
        db.afterCommit(() -> committedChanges.add(change));
        db.afterCommitLast(this, () -> queuedGeneration.accumulateAndGet(latestGeneration.get(), Math::max));
        db.afterRelease(this, this::applyCommitted);
    }

    /**
     * Applies the queued changes in order and publishes them to queries; one thread at a time, whoever comes first.
     * They become durable with the next {@link #commitPublished}.
     */
    private void applyCommitted() {
        synchronized (indexTurn) {
            long generation = queuedGeneration.get();
            for (Consumer<VectorIndex> change = committedChanges.poll(); change != null;
                 change = committedChanges.poll()) {
                change.accept(index);
            }
            idleMerges.changed();
            try {
                index.publish();
                publishedGeneration = generation;
            } catch (IOException e) {
                // the store has the change; the index catches up from it at the next start
                LOG.error("Could not publish the {} vector index: {}", namespace, e.getMessage());
            }
        }
    }

    /**
     * Makes what the index published durable (fsync): the {@code vector-index-commit} route's turn every few seconds,
     * off the documents' path, and the stop's. A crash loses at most what was published since, which the next start
     * catches up from the store. Changes applied while the commit runs may go with it under the older generation:
     * catching up applies them again, to the same effect.
     */
    public void commitPublished() {
        synchronized (commitTurn) {
            long generation;
            synchronized (indexTurn) {
                generation = closed ? -1 : publishedGeneration;
                publishedGeneration = -1;
            }
            if (generation < 0) {
                return;
            }
            try {
                index.commit(generation);
            } catch (IOException | RuntimeException e) {
                synchronized (indexTurn) {
                    publishedGeneration = Math.max(publishedGeneration, generation);
                }
                LOG.error("Could not commit the {} vector index: {}", namespace, e.getMessage());
            }
        }
    }

    /**
     * The {@code vector-index-merge} route's turn: an index that has had no change for {@code quiet} and whose parts
     * are {@linkplain VectorIndex#worthMerging worth merging} starts merging them into one (a question's graph search
     * visits every part; a library indexed document by document keeps several); a later turn, once the merge is over,
     * shows the merged part to questions and commits it. Documents go on changing the index meanwhile.
     *
     * @return true when this turn finished a merge
     */
    public boolean mergeWhenIdle(Duration quiet) {
        synchronized (commitTurn) {
            try {
                if (idleMerges.running()) {
                    return !index.merging() && showMerged();
                }
                if (!idleMerges.due(quiet) || isClosed() || index.merging()) {
                    return false;
                }
                if (index.worthMerging()) {
                    int parts = index.segments();
                    LOG.info("Vector index {}: merging its {} parts into one while it is idle", namespace, parts);
                    idleMerges.started();
                    index.startMergingSegments();
                }
            } catch (IOException | RuntimeException e) {
                if (idleMerges.running()) {
                    idleMerges.finished();
                }
                LOG.warn("Vector index {}: merging its parts failed, it stays as it was: {}", namespace,
                        e.getMessage());
            }
            return false;
        }
    }

    /** Whether a merge {@link #mergeWhenIdle} started is still to be finished (by a later turn). */
    public boolean mergingWhenIdle() {
        return idleMerges.running();
    }

    /** Publishes and commits the merged part (under the generation already committed, if nothing newer is). */
    private boolean showMerged() throws IOException {
        Duration took = idleMerges.finished();
        synchronized (indexTurn) {
            if (closed) {
                return false;
            }
            index.publish();
            publishedGeneration = Math.max(publishedGeneration, index.generation());
        }
        commitPublished();
        LOG.info("Vector index {}: merged into {} part(s) in {} ms", namespace, indexParts(), took.toMillis());
        return true;
    }

    /** The parts (segments) of the index questions search now. */
    public int indexParts() {
        return index.segments();
    }

    private boolean isClosed() {
        synchronized (indexTurn) {
            return closed;
        }
    }

    @Override
    public Optional<VectorRecord> get(String id) {
        return Optional.ofNullable(records(List.of(id)).get(id));
    }

    /** The stored vectors of {@code ids} (those that exist), read in a few statements rather than one per id. */
    public Map<String, float[]> vectors(java.util.Collection<String> ids) {
        Map<String, float[]> found = new java.util.HashMap<>();
        byIds(ids, "id, vec", rs -> found.put(rs.getString(1), floats(rs.getBytes(2))));
        return found;
    }

    /** The {@code content} meta field of each of {@code ids} that exists, read in a few statements without vectors. */
    public Map<String, String> contents(java.util.Collection<String> ids) {
        Map<String, String> found = new java.util.HashMap<>();
        byIds(ids, "id, meta", rs -> {
            Object content = parseMeta(rs.getString(2)).get("content");
            if (content instanceof String text) {
                found.put(rs.getString(1), text);
            }
        });
        return found;
    }

    /** The records of {@code ids} (those that exist), read in a few statements. */
    private Map<String, VectorRecord> records(java.util.Collection<String> ids) {
        Map<String, VectorRecord> found = new java.util.HashMap<>();
        byIds(ids, "id, meta, created_at, vec", rs -> found.put(rs.getString(1), new VectorRecord(rs.getString(1),
                rs.getLong(3), parseMeta(rs.getString(2)), floats(rs.getBytes(4)))));
        return found;
    }

    private void byIds(java.util.Collection<String> ids, String columns, RowAction action) {
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += VECTOR_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + VECTOR_BATCH));
            db.read(c -> {
                String marks = String.join(", ", java.util.Collections.nCopies(batch.size(), "?"));
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT " + columns + " FROM vectors WHERE ns = ? AND id IN (" + marks + ")")) {
                    s.setString(1, namespace);
                    for (int i = 0; i < batch.size(); i++) {
                        s.setString(i + 2, batch.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            action.accept(rs);
                        }
                    }
                }
                return null;
            });
        }
    }

    @FunctionalInterface
    private interface RowAction {
        void accept(ResultSet row) throws SQLException;
    }

    @Override
    public List<VectorHit> query(float[] query, int topK, double threshold) {
        Objects.requireNonNull(query, "query");
        checkVector(query, "query vector");
        if (topK <= 0) {
            return List.of();
        }
        List<ScoredId> found = index.query(query, topK, threshold);
        Map<String, VectorHit> rows = new java.util.HashMap<>();
        byIds(found.stream().map(ScoredId::id).toList(), "id, meta, created_at", rs -> rows.put(rs.getString(1),
                new VectorHit(rs.getString(1), rs.getLong(3), parseMeta(rs.getString(2)), 0)));
        List<VectorHit> hits = new ArrayList<>();
        for (ScoredId hit : found) {
            // an id the index still has but the store lost a moment ago is simply left out
            VectorHit row = rows.get(hit.id());
            if (row != null) {
                hits.add(new VectorHit(row.id(), row.createdAt(), row.meta(), hit.score()));
            }
        }
        return hits;
    }

    /**
     * The cosine similarity to {@code query} of each of {@code ids} the index holds (as of its last commit), read
     * from the index's own unit vectors rather than the store's rows.
     */
    public Map<String, Float> similarities(float[] query, java.util.Collection<String> ids) {
        checkVector(query, "query vector");
        return index.similarities(query, ids);
    }

    @Override
    public int size() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM vectors WHERE ns = ?")) {
                s.setString(1, namespace);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public List<String> metaFields() {
        return metaFields;
    }

    /**
     * Brings the index up to the store: the changes newer than its generation, or everything when it is ahead of
     * the store (another store's index) or empty while the store is not.
     */
    public void catchUp() {
        long started = System.nanoTime();
        long indexGen = index.generation();
        long storeGen = storeGeneration();
        boolean rebuild = indexGen > storeGen || (index.size() == 0 && indexGen == 0);
        int[] applied = {0};
        db.readSnapshot(c -> {
            long from = rebuild ? 0 : indexGen;
            try {
                if (rebuild) {
                    index.clear();
                } else {
                    applyDeletions(c, from, applied);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, vec FROM vectors WHERE ns = ? AND gen > ? ORDER BY seq")) {
                s.setString(1, namespace);
                s.setLong(2, from);
                s.setFetchSize(500);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        index.upsert(rs.getString(1), floats(rs.getBytes(2)));
                        applied[0]++;
                    }
                }
            }
            return null;
        });
        try {
            index.commit(storeGen);
            if (rebuild && applied[0] > 0) {
                index.compact();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the " + namespace + " vector index: " + e.getMessage(), e);
        }
        latestGeneration.accumulateAndGet(storeGen, Math::max);
        queuedGeneration.accumulateAndGet(storeGen, Math::max);
        if (applied[0] > 0) {
            LOG.info("Vector index {}: {} {} changes in {} ms", namespace, rebuild ? "rebuilt with" : "caught up",
                    applied[0], (System.nanoTime() - started) / 1_000_000);
        }
    }

    private void applyDeletions(Connection c, long from, int[] applied) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM vector_deletions WHERE ns = ? AND gen > ?")) {
            s.setString(1, namespace);
            s.setLong(2, from);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    index.delete(rs.getString(1));
                    applied[0]++;
                }
            }
        }
    }

    private long storeGeneration() {
        return db.read(c -> {
            long max = 0;
            for (String table : List.of("vectors", "vector_deletions")) {
                try (PreparedStatement s = c.prepareStatement("SELECT MAX(gen) FROM " + table + " WHERE ns = ?")) {
                    s.setString(1, namespace);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            max = Math.max(max, rs.getLong(1));
                        }
                    }
                }
            }
            return max;
        });
    }

    /** The records in insertion order as they are read with {@code connection}; the caller closes the cursor. */
    public RowCursor<VectorRow> rows(Connection connection) throws SQLException {
        PreparedStatement s = connection.prepareStatement(
                "SELECT id, meta, created_at, vec FROM vectors WHERE ns = ? ORDER BY seq");
        s.setString(1, namespace);
        return new RowCursor<>(s, rs -> new VectorRow(rs.getString(1), rs.getLong(3), metaNode(rs.getString(2)),
                floats(rs.getBytes(4))));
    }

    /** Commits what the index published since its last commit, then closes it. */
    @Override
    public void close() throws IOException {
        synchronized (commitTurn) {
            synchronized (indexTurn) {
                try {
                    if (!closed && publishedGeneration >= 0) {
                        index.commit(publishedGeneration);
                        publishedGeneration = -1;
                    }
                } finally {
                    closed = true;
                    index.close();
                }
            }
        }
    }

    private static Map<String, Object> keptMeta(List<String> metaFields, Map<String, ?> meta) {
        ObjectMapper mapper = LightRagJson.mapper();
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String field : metaFields) {
            if (meta.containsKey(field)) {
                Object value = meta.get(field);
                kept.put(field, value == null ? null : mapper.convertValue(mapper.valueToTree(value), Object.class));
            }
        }
        return kept;
    }

    private void checkVector(float[] v, String what) {
        Objects.requireNonNull(v, what);
        if (v.length != dim) {
            throw new IllegalArgumentException(what + " has " + v.length + " values but the store holds "
                    + dim + "-dimensional vectors (EMBEDDING_DIM)");
        }
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException(what + " contains NaN or infinity");
            }
        }
    }

    private static String json(Map<String, Object> meta) {
        try {
            return LightRagJson.mapper().writeValueAsString(meta);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write vector meta as JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> parseMeta(String json) {
        try {
            return Collections.unmodifiableMap(LightRagJson.mapper().readValue(json, META));
        } catch (JsonProcessingException e) {
            throw new StoreException("stored vector meta is not JSON: " + e.getMessage(), e);
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode metaNode(String json) {
        try {
            return (com.fasterxml.jackson.databind.node.ObjectNode) LightRagJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored vector meta is not JSON: " + e.getMessage(), e);
        }
    }

    static float[] floats(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.length / Float.BYTES];
        buffer.asFloatBuffer().get(v);
        return v;
    }
}
