package dev.librarian.vector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.store.LightRagJson;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A NanoVectorDB file ({@code vdb_<namespace>.json}) as LightRAG writes it (§1.8), held in memory: upserts keep only
 * the configured meta fields, store the raw embedding at float16 precision (the {@code vector} field) and its
 * L2-normalised float32 row (the {@code matrix}), and queries rank rows by cosine similarity like NanoVectorDB.
 * Thread-safe; {@link #flush()} writes atomically when something changed, records in insertion order (an upsert of an
 * existing id keeps its position).
 */
public final class NanoVectorStore {

    private final Path file;
    private final int dim;
    private final List<String> metaFields;
    private final ObjectNode extras;
    private final Map<String, StoredRow> rows = new LinkedHashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Object flushLock = new Object();
    private long version;
    private long flushedVersion;

    private NanoVectorStore(Path file, int dim, List<String> metaFields, NanoVectorFile.Contents contents) {
        this.file = file;
        this.dim = dim;
        this.metaFields = List.copyOf(metaFields);
        this.extras = contents.extras();
        contents.rows().forEach(r -> rows.put(r.id(), r));
    }

    /**
     * Opens (or starts) a store. A missing file gives an empty store; a file whose {@code embedding_dim} differs from
     * {@code embeddingDim} is refused with an {@link IllegalStateException} that says what to do.
     */
    public static NanoVectorStore open(Path file, int embeddingDim, List<String> metaFields) throws IOException {
        if (embeddingDim <= 0) {
            throw new IllegalArgumentException("embedding dimension must be positive, not " + embeddingDim);
        }
        Objects.requireNonNull(metaFields, "metaFields");
        return new NanoVectorStore(file, embeddingDim, metaFields, NanoVectorFile.read(file, embeddingDim));
    }

    /**
     * Inserts or replaces {@code id}. Only the {@code metaFields} keys of {@code meta} are kept (in metaFields order,
     * converted to plain JSON values); {@code embedding} must have {@link #dimension()} finite values.
     */
    public void upsert(String id, Map<String, ?> meta, float[] embedding, long createdAt) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(embedding, "embedding");
        checkVector(embedding, "embedding for " + id);
        StoredRow row = newRow(id, meta == null ? Map.of() : meta, embedding, createdAt);
        lock.writeLock().lock();
        try {
            rows.put(id, row);
            version++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private StoredRow newRow(String id, Map<String, ?> meta, float[] embedding, long createdAt) {
        ObjectMapper mapper = LightRagJson.mapper();
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String field : metaFields) {
            if (meta.containsKey(field)) {
                Object value = meta.get(field);
                kept.put(field, value == null ? null : mapper.convertValue(mapper.valueToTree(value), Object.class));
            }
        }
        float[] raw = VectorCodec.toHalfPrecision(embedding);
        return new StoredRow(id, createdAt, Collections.unmodifiableMap(kept), raw,
                VectorCodec.normalise(embedding), VectorCodec.encodeHalfZlib(raw));
    }

    public boolean delete(String id) {
        lock.writeLock().lock();
        try {
            boolean removed = rows.remove(id) != null;
            if (removed) {
                version++;
            }
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The record with a copy of its stored (float16-precision, non-normalised) embedding. */
    public Optional<VectorRecord> get(String id) {
        lock.readLock().lock();
        try {
            StoredRow row = rows.get(id);
            return row == null ? Optional.empty() : Optional.of(row.toRecord());
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The {@code topK} records most cosine-similar to {@code query}, best first (equal scores in insertion order),
     * stopping at the first score below {@code threshold} (LightRAG's {@code cosine_better_than_threshold}). Scores
     * are float dot products with the normalised rows, so they may differ from exact ones in the seventh digit.
     */
    public List<ScoredRecord> query(float[] query, int topK, double threshold) {
        Objects.requireNonNull(query, "query");
        checkVector(query, "query vector");
        if (topK <= 0) {
            return List.of();
        }
        float[] unit = VectorCodec.normalise(query);
        lock.readLock().lock();
        try {
            TopRows best = new TopRows(Math.min(topK, rows.size()));
            for (StoredRow row : rows.values()) {
                float score = VectorCodec.dot(row.unit(), unit);
                // a row scoring below the threshold would be cut from the ranking, so it need not compete at all
                if (!(score < threshold)) {
                    best.offer(row, score);
                }
            }
            return best.bestFirst();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void checkVector(float[] v, String what) {
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

    public int size() {
        lock.readLock().lock();
        try {
            return rows.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Snapshot of the ids, in file/insertion order. */
    public Set<String> ids() {
        lock.readLock().lock();
        try {
            return Collections.unmodifiableSet(new LinkedHashSet<>(rows.keySet()));
        } finally {
            lock.readLock().unlock();
        }
    }

    public int dimension() {
        return dim;
    }

    /** The meta fields upserts keep. */
    public List<String> metaFields() {
        return metaFields;
    }

    public Path file() {
        return file;
    }

    /** Whether memory holds changes that {@link #flush()} has not written yet. */
    public boolean isDirty() {
        lock.readLock().lock();
        try {
            return version != flushedVersion;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Writes the store atomically in NanoVectorDB's compact layout; a no-op when nothing changed. */
    public void flush() throws IOException {
        synchronized (flushLock) {
            List<StoredRow> snapshot;
            long written;
            lock.readLock().lock();
            try {
                if (version == flushedVersion) {
                    return;
                }
                written = version;
                snapshot = new ArrayList<>(rows.values());
            } finally {
                lock.readLock().unlock();
            }
            NanoVectorFile.write(file, dim, snapshot, extras);
            lock.writeLock().lock();
            try {
                flushedVersion = written;
            } finally {
                lock.writeLock().unlock();
            }
        }
    }
}
