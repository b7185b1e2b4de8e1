package dev.librarian.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.vector.LuceneVectorIndex;
import dev.librarian.vector.ScoredId;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the library's SQLite store ({@code WORKING_DIR/library.db}) holds, read with plain JDBC the way another program
 * would look at it: while the service runs (committed data only) or after it was killed (what the kill left; SQLite
 * replays a committed WAL and ignores a torn one). Nothing is written; a missing store reads as empty.
 */
public final class StoreRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreRows() {
    }

    /** Key -> record of a key-value namespace ({@code doc_status}, {@code llm_response_cache}, ...). */
    public static Map<String, JsonNode> kv(Path dir, String namespace) {
        return query(dir, "SELECT k, v FROM kv WHERE ns = ? ORDER BY k", namespace, rs -> json(rs.getString(2)));
    }

    /** Document id -> status ("pending", "processing", "processed", "failed"). */
    public static Map<String, String> statuses(Path dir) {
        Map<String, String> out = new TreeMap<>();
        kv(dir, "doc_status").forEach((id, rec) -> out.put(id, rec.path("status").asText()));
        return out;
    }

    /** Id -> vector of a vector namespace ({@code chunks}, {@code entities}, {@code relationships}). */
    public static Map<String, float[]> vectors(Path dir, String namespace) {
        return query(dir, "SELECT id, vec FROM vectors WHERE ns = ? ORDER BY id", namespace, rs -> {
            ByteBuffer bytes = ByteBuffer.wrap(rs.getBytes(2)).order(ByteOrder.LITTLE_ENDIAN);
            float[] v = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(v);
            return v;
        });
    }

    /** Entity name -> node attributes. */
    public static Map<String, JsonNode> nodes(Path dir) {
        return query(dir, "SELECT name, node FROM graph_nodes WHERE ? IS NOT NULL ORDER BY name", "", rs ->
                json(rs.getString(2)));
    }

    /** "source|target" -> edge attributes. */
    public static Map<String, JsonNode> edges(Path dir) {
        return query(dir, "SELECT src || '|' || tgt, edge FROM graph_edges WHERE ? IS NOT NULL ORDER BY 1", "",
                rs -> json(rs.getString(2)));
    }

    /** The key-value namespaces that describe documents (the LLM cache may hold more after a kill or a deletion). */
    private static final List<String> DOCUMENT_NAMESPACES = List.of("full_docs", "text_chunks", "full_entities",
            "full_relations", "entity_chunks", "relation_chunks");

    /**
     * Where two stores differ in what a user gets from them: documents (text, chunks, lists, status), graph nodes
     * and edges with their attributes, and vectors; times are left out. At most {@code max} lines.
     */
    public static List<String> differences(Path dir, Path other, int max) {
        List<String> out = new ArrayList<>();
        compare("graph node", strings(nodes(dir)), strings(nodes(other)), out);
        compare("graph edge", strings(edges(dir)), strings(edges(other)), out);
        for (String ns : List.of("chunks", "entities", "relationships")) {
            compare(ns + " vector", vectorStrings(dir, ns), vectorStrings(other, ns), out);
        }
        for (String ns : DOCUMENT_NAMESPACES) {
            compare(ns, withoutTimes(kv(dir, ns)), withoutTimes(kv(other, ns)), out);
        }
        compare("doc status", statusLines(dir), statusLines(other), out);
        return out.size() > max ? out.subList(0, max) : out;
    }

    /**
     * Where the Lucene index of each vector namespace ({@code WORKING_DIR/vectors/<ns>}, of a stopped service)
     * disagrees with the store: another number of vectors, or a stored vector that is not its own best match.
     */
    public static List<String> indexProblems(Path dir, int dim) throws IOException {
        List<String> problems = new ArrayList<>();
        for (String ns : List.of("chunks", "entities", "relationships")) {
            Map<String, float[]> stored = vectors(dir, ns);
            try (LuceneVectorIndex index = LuceneVectorIndex.open(dir.resolve("vectors").resolve(ns), dim)) {
                if (index.size() != stored.size()) {
                    problems.add(ns + ": " + index.size() + " vectors in the index, " + stored.size() + " in the store");
                }
                stored.forEach((id, vector) -> {
                    List<ScoredId> best = index.query(vector, 1, 0);
                    if (best.isEmpty() || !best.get(0).id().equals(id) && best.get(0).score() < 0.9999f) {
                        problems.add(ns + ": " + id + " is not found by its own vector: " + best);
                    }
                });
            }
        }
        return problems.size() > 20 ? problems.subList(0, 20) : problems;
    }

    /** Graph rows without their creation times. */
    private static Map<String, String> strings(Map<String, JsonNode> rows) {
        Map<String, String> out = new TreeMap<>();
        rows.forEach((k, v) -> {
            ObjectNode copy = v.deepCopy();
            copy.remove(List.of("created_at", "createdAt", "create_time", "update_time", "updated_at"));
            out.put(k, copy.toString());
        });
        return out;
    }

    private static Map<String, String> vectorStrings(Path dir, String ns) {
        Map<String, String> out = new TreeMap<>();
        vectors(dir, ns).forEach((id, v) -> out.put(id, Arrays.toString(v)));
        return out;
    }

    private static Map<String, String> withoutTimes(Map<String, JsonNode> rows) {
        Map<String, String> out = new TreeMap<>();
        rows.forEach((k, v) -> {
            ObjectNode copy = v.deepCopy();
            copy.remove(List.of("create_time", "update_time"));
            out.put(k, copy.toString());
        });
        return out;
    }

    private static Map<String, String> statusLines(Path dir) {
        Map<String, String> out = new TreeMap<>();
        kv(dir, "doc_status").forEach((id, rec) -> out.put(id, rec.path("status").asText() + " "
                + rec.path("chunks_count").asInt() + " " + rec.path("chunks_list")));
        return out;
    }

    private static void compare(String what, Map<String, String> mine, Map<String, String> theirs, List<String> out) {
        Set<String> keys = new TreeSet<>(mine.keySet());
        keys.addAll(theirs.keySet());
        for (String key : keys) {
            String a = mine.get(key);
            String b = theirs.get(key);
            if (!Objects.equals(a, b)) {
                out.add(what + " '" + key + "':\n   this:  " + abbreviated(a) + "\n   other: " + abbreviated(b));
            }
        }
    }

    private static String abbreviated(String s) {
        return s == null || s.length() < 300 ? s : s.substring(0, 300) + "...";
    }

    @FunctionalInterface
    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> Map<String, T> query(Path dir, String sql, String parameter, Column<T> value) {
        Path file = dir.resolve("library.db");
        Map<String, T> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10_000);
        config.setReadOnly(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), value.read(rs));
                }
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("no such table")) {
                return out;
            }
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
