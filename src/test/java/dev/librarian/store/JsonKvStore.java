package dev.librarian.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A LightRAG JsonKVStorage file ({@code kv_store_<namespace>.json}): one JSON object mapping keys to record objects,
 * pretty-printed like Python's {@code json.dump(indent=2, ensure_ascii=False)}. Thread-safe. Writes go to memory
 * and reach disk atomically on {@link #flush()} when something changed. With {@code stampRecords} (every namespace
 * except {@code doc_status}) an upsert adds {@code create_time} (kept from the earlier record when the key already
 * existed), {@code update_time} and {@code _id} as LightRAG §1.1 does; in {@code kv_store_text_chunks.json} it also
 * adds a missing {@code llm_cache_list: []}.
 */
public final class JsonKvStore {

    private static final Logger LOG = LoggerFactory.getLogger(JsonKvStore.class);

    private final Path file;
    private final boolean stampRecords;
    private final boolean textChunks;
    private final Clock clock;
    private final Map<String, ObjectNode> records = new LinkedHashMap<>();
    private final Object flushLock = new Object();
    private long version;
    private long flushedVersion;

    private JsonKvStore(Path file, boolean stampRecords, Clock clock) {
        this.file = file;
        this.stampRecords = stampRecords;
        this.clock = clock;
        this.textChunks = file.getFileName().toString().endsWith("text_chunks.json");
    }

    /**
     * Opens (or starts) a store. A missing file gives an empty store; the file is read as UTF-8 with optional BOM.
     * {@code stampRecords=false} is for {@code kv_store_doc_status.json}, which LightRAG does not stamp.
     */
    public static JsonKvStore open(Path file, boolean stampRecords) throws IOException {
        return open(file, stampRecords, Clock.systemUTC());
    }

    /** Like {@link #open(Path, boolean)} with the clock used for {@code create_time}/{@code update_time}. */
    public static JsonKvStore open(Path file, boolean stampRecords, Clock clock) throws IOException {
        JsonKvStore store = new JsonKvStore(file, stampRecords, Objects.requireNonNull(clock, "clock"));
        store.load();
        return store;
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        JsonNode root = LightRagJson.readFile(file);
        if (root == null) {
            LOG.warn("{} is empty; starting with an empty store", file);
            return;
        }
        if (!root.isObject()) {
            throw new IOException(file + " is not a LightRAG KV store: the top level is not a JSON object");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue() instanceof ObjectNode record) {
                records.put(field.getKey(), record);
            } else {
                LOG.warn("{}: skipping key '{}' whose value is not a JSON object", file, field.getKey());
            }
        }
    }

    /** A deep copy of the record stored under {@code key}. */
    public Optional<ObjectNode> get(String key) {
        synchronized (records) {
            ObjectNode record = records.get(key);
            return record == null ? Optional.empty() : Optional.of(record.deepCopy());
        }
    }

    public boolean contains(String key) {
        synchronized (records) {
            return records.containsKey(key);
        }
    }

    /** Replaces the whole value under {@code key} with a copy of {@code value} (stamped when the store stamps). */
    public void upsert(String key, ObjectNode value) {
        Objects.requireNonNull(key, "key");
        ObjectNode copy = Objects.requireNonNull(value, "value").deepCopy();
        synchronized (records) {
            if (stampRecords) {
                stamp(key, copy, records.get(key));
            }
            records.put(key, copy);
            version++;
        }
    }

    private void stamp(String key, ObjectNode record, ObjectNode previous) {
        long now = clock.instant().getEpochSecond();
        if (textChunks && !record.has("llm_cache_list")) {
            record.putArray("llm_cache_list");
        }
        if (previous == null) {
            record.put("create_time", now);
        } else if (previous.hasNonNull("create_time")) {
            record.set("create_time", previous.get("create_time"));
        } else if (!record.hasNonNull("create_time")) {
            record.put("create_time", now);
        }
        record.put("update_time", now);
        record.put("_id", key);
    }

    public boolean delete(String key) {
        synchronized (records) {
            boolean removed = records.remove(key) != null;
            if (removed) {
                version++;
            }
            return removed;
        }
    }

    /** Snapshot of the keys, in insertion order. */
    public Set<String> keys() {
        synchronized (records) {
            return Collections.unmodifiableSet(new LinkedHashSet<>(records.keySet()));
        }
    }

    /** Deep copies of all records, in insertion order. */
    public Map<String, ObjectNode> snapshot() {
        synchronized (records) {
            Map<String, ObjectNode> copy = new LinkedHashMap<>();
            records.forEach((k, v) -> copy.put(k, v.deepCopy()));
            return Collections.unmodifiableMap(copy);
        }
    }

    public int size() {
        synchronized (records) {
            return records.size();
        }
    }

    /** Whether memory holds changes that {@link #flush()} has not written yet. */
    public boolean isDirty() {
        synchronized (records) {
            return version != flushedVersion;
        }
    }

    /** Writes the whole store atomically (pretty, like LightRAG); a no-op when nothing changed. */
    public void flush() throws IOException {
        synchronized (flushLock) {
            long written;
            ObjectNode root = LightRagJson.mapper().createObjectNode();
            synchronized (records) {
                if (version == flushedVersion) {
                    return;
                }
                written = version;
                // records are never mutated once stored, so sharing them with this throw-away tree is safe
                records.forEach(root::set);
            }
            // serialised outside the lock: readers and writers of the store are not held up by a big flush
            AtomicFiles.write(file, out -> {
                Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                LightRagJson.writePretty(root, text);
                text.flush();
            });
            synchronized (records) {
                flushedVersion = written;
            }
        }
    }

    public Path file() {
        return file;
    }
}
