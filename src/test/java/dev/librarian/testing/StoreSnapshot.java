package dev.librarian.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.graph.EntityNode;
import dev.librarian.graph.GraphmlStore;
import dev.librarian.graph.KnowledgeGraph;
import dev.librarian.graph.RelationEdge;
import dev.librarian.library.LibraryStores;
import dev.librarian.store.JsonKvStore;
import dev.librarian.vector.NanoVectorStore;
import dev.librarian.vector.VectorRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The content of a working directory with everything that legitimately differs between two runs left out
 * (timestamps, insertion order), read from disk through Librarian's own readers. Two runs that indexed the same
 * documents must give equal snapshots; {@link #differences} says where they do not.
 *
 * @param nodes       entity name -> [entity_type, description, source_id, file_path, truncate]
 * @param edges       "first|second" (sorted ends) -> [weight, description, keywords, source_id, file_path, truncate]
 * @param vectors     vdb file name -> id -> meta fields + the stored vector
 * @param kv          kv_store file name -> key -> record without create_time / update_time
 * @param docStatus   doc id -> [status, chunks_count, chunks_list]
 */
public record StoreSnapshot(Map<String, List<String>> nodes, Map<String, List<String>> edges,
                            Map<String, Map<String, String>> vectors, Map<String, Map<String, String>> kv,
                            Map<String, String> docStatus) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KV_FILES = List.of("text_chunks", "full_docs", "full_entities",
            "full_relations", "entity_chunks", "relation_chunks");

    /** Reads {@code dir} (not in use by a running app) with vectors of {@code dim} values. */
    public static StoreSnapshot of(Path dir, int dim) {
        try {
            KnowledgeGraph graph = GraphmlStore.read(dir.resolve("graph_chunk_entity_relation.graphml"));
            Map<String, List<String>> nodes = new TreeMap<>();
            for (EntityNode n : graph.entities()) {
                nodes.put(n.name(), List.of(n.type(), n.description(), n.sourceId(), n.filePath(), n.truncate()));
            }
            Map<String, List<String>> edges = new TreeMap<>();
            for (RelationEdge e : graph.relations()) {
                edges.put(e.key().first() + "|" + e.key().second(), List.of(String.valueOf(e.weight()),
                        e.description(), e.keywords(), e.sourceId(), e.filePath(), e.truncate()));
            }
            Map<String, Map<String, String>> vectors = new TreeMap<>();
            vectors.put("vdb_entities.json", vdb(dir.resolve("vdb_entities.json"), dim, LibraryStores.ENTITY_META));
            vectors.put("vdb_relationships.json",
                    vdb(dir.resolve("vdb_relationships.json"), dim, LibraryStores.RELATION_META));
            vectors.put("vdb_chunks.json", vdb(dir.resolve("vdb_chunks.json"), dim, LibraryStores.CHUNK_META));
            Map<String, Map<String, String>> kv = new TreeMap<>();
            for (String namespace : KV_FILES) {
                String name = "kv_store_" + namespace + ".json";
                kv.put(name, kvWithoutTimes(dir.resolve(name)));
            }
            Map<String, String> status = new TreeMap<>();
            JsonKvStore.open(dir.resolve("kv_store_doc_status.json"), false).snapshot().forEach((id, rec) ->
                    status.put(id, rec.path("status").asText() + " " + rec.path("chunks_count").asInt()
                            + " " + rec.path("chunks_list")));
            return new StoreSnapshot(nodes, edges, vectors, kv, status);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> vdb(Path file, int dim, List<String> meta) throws IOException {
        NanoVectorStore store = NanoVectorStore.open(file, dim, meta);
        Map<String, String> rows = new TreeMap<>();
        for (String id : store.ids()) {
            VectorRecord r = store.get(id).orElseThrow();
            rows.put(id, new TreeMap<>(r.meta()) + " vector=" + Arrays.toString(r.vector()));
        }
        return rows;
    }

    private static Map<String, String> kvWithoutTimes(Path file) throws IOException {
        Map<String, String> records = new TreeMap<>();
        JsonKvStore.open(file, true).snapshot().forEach((key, rec) -> {
            ObjectNode copy = rec.deepCopy();
            copy.remove(List.of("create_time", "update_time"));
            records.put(key, sorted(copy));
        });
        return records;
    }

    /** The record as JSON with object keys sorted at every level. */
    private static String sorted(ObjectNode node) {
        try {
            return JSON.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsString(JSON.convertValue(node, Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Human-readable differences to {@code other} (at most {@code max}); empty when the content is the same. */
    public List<String> differences(StoreSnapshot other, int max) {
        List<String> out = new ArrayList<>();
        compare("graph node", nodes, other.nodes, out);
        compare("graph edge", edges, other.edges, out);
        vectors.forEach((file, rows) -> compare(file, rows, other.vectors.getOrDefault(file, Map.of()), out));
        kv.forEach((file, rows) -> compare(file, rows, other.kv.getOrDefault(file, Map.of()), out));
        compare("doc status", docStatus, other.docStatus, out);
        return out.size() > max ? out.subList(0, max) : out;
    }

    private static <V> void compare(String what, Map<String, V> mine, Map<String, V> theirs, List<String> out) {
        Set<String> keys = new TreeSet<>(mine.keySet());
        keys.addAll(theirs.keySet());
        for (String key : keys) {
            V a = mine.get(key);
            V b = theirs.get(key);
            if (!Objects.equals(a, b)) {
                out.add(what + " '" + key + "':\n   this:  " + a + "\n   other: " + b);
            }
        }
    }

    /** Files in {@code dir} (recursively) whose names mark an unfinished atomic write. */
    public static List<Path> tempFiles(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(".tmp.")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
