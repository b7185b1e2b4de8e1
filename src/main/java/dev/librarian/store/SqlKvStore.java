package dev.librarian.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.store.db.LibraryDatabase;
import dev.librarian.store.db.RowCursor;
import dev.librarian.store.db.StoreException;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A LightRAG key-value namespace as rows of the store's {@code kv} table: one row per record, written in the
 * caller's transaction (or one of its own), so a change touches only its own records. Values are compact JSON.
 */
public final class SqlKvStore implements KvStore {

    /** Answers the row's order: the one given for a new key, the key's earlier one for an update in place. */
    private static final String UPSERT = "INSERT INTO kv (ns, k, v, seq) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (ns, k) DO UPDATE SET v = excluded.v RETURNING seq";

    private static final String SELECT_VALUE = "SELECT v FROM kv WHERE ns = ? AND k = ?";

    private final LibraryDatabase db;
    private final String namespace;
    private final Clock clock;
    /** Committed updates of existing keys and deletions since the store was opened (appends not counted). */
    private final AtomicLong inPlaceChanges = new AtomicLong();

    public SqlKvStore(LibraryDatabase db, String namespace, Clock clock) {
        this.db = db;
        this.namespace = namespace;
        this.clock = clock;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public Optional<ObjectNode> get(String key) {
        return Optional.ofNullable(storedText(key)).map(json -> parse(key, json));
    }

    /** The record's JSON text as stored, or null. */
    private String storedText(String key) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT_VALUE)) {
                s.setString(1, namespace);
                s.setString(2, key);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /** Keys per statement when records are read by key (SQLite allows 32,766 parameters, PostgreSQL 65,535). */
    private static final int KEY_BATCH = 500;

    @Override
    public Map<String, ObjectNode> getAll(Collection<String> keys) {
        List<String> all = List.copyOf(new LinkedHashSet<>(keys));
        Map<String, ObjectNode> found = new HashMap<>();
        for (int from = 0; from < all.size(); from += KEY_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + KEY_BATCH));
            db.read(c -> {
                String marks = String.join(", ", Collections.nCopies(batch.size(), "?"));
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT k, v FROM kv WHERE ns = ? AND k IN (" + marks + ")")) {
                    s.setString(1, namespace);
                    for (int i = 0; i < batch.size(); i++) {
                        s.setString(i + 2, batch.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            found.put(rs.getString(1), parse(rs.getString(1), rs.getString(2)));
                        }
                    }
                }
                return null;
            });
        }
        return found;
    }

    @Override
    public boolean contains(String key) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM kv WHERE ns = ? AND k = ?")) {
                s.setString(1, namespace);
                s.setString(2, key);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public void upsert(String key, ObjectNode value) {
        ObjectNode record = value.deepCopy();
        db.write(c -> {
            if (LightRagStamps.stamped(namespace)) {
                LightRagStamps.stamp(namespace, key, record, storedCreateTime(key), clock.instant().getEpochSecond());
            }
            put(key, record);
            return null;
        });
    }

    /** Stores {@code value} as it is, unstamped: records imported from LightRAG's files keep their own fields. */
    public void put(String key, ObjectNode value) {
        db.write(c -> {
            long seq = db.nextSequence();
            PreparedStatement s = db.statement(UPSERT);
            s.setString(1, namespace);
            s.setString(2, key);
            s.setString(3, json(value));
            s.setLong(4, seq);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && rs.getLong(1) != seq) {
                    db.afterCommit(inPlaceChanges::incrementAndGet);
                }
            }
            db.changes(fileName());
            return null;
        });
    }

    @Override
    public boolean delete(String key) {
        return db.inTransaction(c -> {
            PreparedStatement s = db.statement("DELETE FROM kv WHERE ns = ? AND k = ?");
            s.setString(1, namespace);
            s.setString(2, key);
            boolean removed = s.executeUpdate() > 0;
            if (removed) {
                db.changes(fileName());
                db.afterCommit(inPlaceChanges::incrementAndGet);
            }
            return removed;
        });
    }

    @Override
    public List<String> keysWithPrefix(String prefix) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT k FROM kv WHERE ns = ? AND k >= ? AND k < ? ORDER BY k")) {
                s.setString(1, namespace);
                s.setString(2, prefix);
                s.setString(3, prefix + Character.MAX_VALUE);
                List<String> keys = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
                return keys;
            }
        });
    }

    @Override
    public void forEach(BiConsumer<String, ObjectNode> action) {
        db.read(c -> {
            try (RowCursor<Map.Entry<String, ObjectNode>> records = cursor(c)) {
                records.forEachRemaining(e -> action.accept(e.getKey(), e.getValue()));
            }
            return null;
        });
    }

    /** The records in insertion order as they are read; the caller closes the cursor. */
    public RowCursor<Map.Entry<String, ObjectNode>> cursor(Connection connection) throws SQLException {
        PreparedStatement s = connection.prepareStatement("SELECT k, v FROM kv WHERE ns = ? ORDER BY seq");
        s.setString(1, namespace);
        return new RowCursor<>(s, rs -> Map.entry(rs.getString(1), parse(rs.getString(1), rs.getString(2))));
    }

    /**
     * The records stored after {@code seq} (LightRAG's file of the namespace can take them as an append when nothing
     * before them changed, see {@link #inPlaceChanges()}), in insertion order; the caller closes the cursor.
     */
    public RowCursor<Map.Entry<String, ObjectNode>> cursorAfter(Connection connection, long seq) throws SQLException {
        PreparedStatement s = connection.prepareStatement("SELECT k, v FROM kv WHERE ns = ? AND seq > ? ORDER BY seq");
        s.setString(1, namespace);
        s.setLong(2, seq);
        return new RowCursor<>(s, rs -> Map.entry(rs.getString(1), parse(rs.getString(1), rs.getString(2))));
    }

    /** How many records {@code connection} sees and the highest insertion order among them (0 when empty). */
    public KvExtent extent(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT COUNT(*), MAX(seq) FROM kv WHERE ns = ?")) {
            s.setString(1, namespace);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new KvExtent(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /** How many records {@code connection} sees up to insertion order {@code seq}. */
    public long countThrough(Connection connection, long seq) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT COUNT(*) FROM kv WHERE ns = ? AND seq <= ?")) {
            s.setString(1, namespace);
            s.setLong(2, seq);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Committed updates of existing records and deletions since the store was opened, counted once they are
     * committed: while this stays the same, new records only ever come after the existing ones.
     */
    public long inPlaceChanges() {
        return inPlaceChanges.get();
    }

    @Override
    public int size() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM kv WHERE ns = ?")) {
                s.setString(1, namespace);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public Set<String> keys() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT k FROM kv WHERE ns = ? ORDER BY seq")) {
                s.setString(1, namespace);
                Set<String> keys = new LinkedHashSet<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
                return Collections.unmodifiableSet(keys);
            }
        });
    }

    @Override
    public Map<String, ObjectNode> snapshot() {
        Map<String, ObjectNode> records = new LinkedHashMap<>();
        forEach(records::put);
        return Collections.unmodifiableMap(records);
    }

    /**
     * The stored record's {@code create_time}, or null: read without building the record (an entity's chunk list,
     * rewritten whenever a document mentions it, holds thousands of ids).
     */
    private Long storedCreateTime(String key) throws SQLException {
        PreparedStatement s = db.statement(SELECT_VALUE);
        s.setString(1, namespace);
        s.setString(2, key);
        try (ResultSet rs = s.executeQuery()) {
            return rs.next() ? topLevelLong(key, rs.getString(1), "create_time") : null;
        }
    }

    private Long topLevelLong(String key, String json, String field) {
        try (JsonParser p = LightRagJson.mapper().getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new StoreException("record " + key + " of " + namespace + " is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals(name)) {
                    return value == JsonToken.VALUE_NULL ? null : p.getValueAsLong();
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            throw notAnObject(key, e);
        }
    }

    private ObjectNode parse(String key, String json) {
        try {
            return (ObjectNode) LightRagJson.mapper().readTree(json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw notAnObject(key, e);
        }
    }

    private StoreException notAnObject(String key, Exception e) {
        return new StoreException("record " + key + " of " + namespace + " is not a JSON object: " + e.getMessage(), e);
    }

    private static String json(ObjectNode record) {
        try {
            return LightRagJson.mapper().writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write a record as JSON: " + e.getMessage(), e);
        }
    }
}
