package dev.librarian.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.graph.EntityNode;
import dev.librarian.graph.GraphmlStore;
import dev.librarian.graph.KnowledgeGraph;
import dev.librarian.graph.RelationEdge;
import dev.librarian.intake.DocumentIds;
import dev.librarian.library.LibraryStores;
import dev.librarian.model.RelationKey;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import dev.librarian.vector.NanoVectorStore;
import dev.librarian.vector.SqlVectorStore;
import dev.librarian.vector.VectorRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the pipeline leaves in the working directory is what it holds in memory, reads back through our own readers
 * unchanged, and carries every field LightRAG expects (reference §1.3–1.9).
 */
class WorkingDirectoryRoundTripTest {

    private static final int DIM = 16;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Numbers compare by value: a long written to disk reads back as an int node. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    @TempDir
    Path tmp;
    private FakeOllama ollama;
    private RunningLibrarian librarian;
    private Path dir;
    private String docId;

    @BeforeEach
    void indexOneDocument() throws Exception {
        ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(DIM));
        dir = tmp.resolve("cache");
        librarian = RunningLibrarian.start(dir, tmp.resolve("inbox"), ollama,
                Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20", "FORCE_LLM_SUMMARY_ON_MERGE", "3"));
        String text = Corpus.excerpt(Corpus.CHEKHOV, 31000, 2500);
        docId = json(librarian.post("/documents/text", "{\"text\": " + JSON.valueToTree(text)
                + ", \"file_source\": \"ward.txt\"}")).get("doc_id").asText();
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(60)));
    }

    @AfterEach
    void stop() {
        librarian.close();
        ollama.close();
    }

    private LibraryStores stores() {
        return librarian.context().getRegistry().lookupByNameAndType("stores", LibraryStores.class);
    }

    @Test
    void should_read_every_file_back_with_the_data_the_running_app_holds() throws Exception {
        LibraryStores stores = stores();
        Map<String, KvStore> kv = new TreeMap<>(Map.of(
                "full_docs", stores.fullDocs(), "text_chunks", stores.textChunks(),
                "llm_response_cache", stores.llmCache(), "full_entities", stores.fullEntities(),
                "full_relations", stores.fullRelations(), "entity_chunks", stores.entityChunks(),
                "relation_chunks", stores.relationChunks(), "doc_status", stores.docStatus()));
        for (Map.Entry<String, KvStore> e : kv.entrySet()) {
            Path file = dir.resolve("kv_store_" + e.getKey() + ".json");
            Map<String, ObjectNode> onDisk = JsonKvStore.open(file, !e.getKey().equals("doc_status")).snapshot();
            Map<String, ObjectNode> inMemory = e.getValue().snapshot();
            assertFalse(inMemory.isEmpty(), e.getKey() + " holds records");
            assertEquals(List.copyOf(inMemory.keySet()), List.copyOf(onDisk.keySet()), file + ": keys");
            inMemory.forEach((key, record) -> assertTrue(record.equals(BY_VALUE, onDisk.get(key)),
                    file + " '" + key + "':\n memory " + record + "\n disk   " + onDisk.get(key)));
        }

        assertSameVectors(stores.entitiesVdb(), LibraryStores.ENTITY_META);
        assertSameVectors(stores.relationshipsVdb(), LibraryStores.RELATION_META);
        assertSameVectors(stores.chunksVdb(), LibraryStores.CHUNK_META);

        KnowledgeGraph onDisk = GraphmlStore.read(dir.resolve("graph_chunk_entity_relation.graphml"));
        KnowledgeGraph inMemory = stores.graph();
        assertTrue(inMemory.entityCount() > 5 && inMemory.relationCount() > 5, "a real graph was built");
        assertEquals(byName(inMemory.entities()), byName(onDisk.entities()), "graph nodes");
        assertEquals(byKey(inMemory.relations()), byKey(onDisk.relations()), "graph edges");
        assertTrue(inMemory.entities().stream().anyMatch(n -> n.description().startsWith("Summary: ")),
                "LLM summaries are part of what round-trips");
    }

    @Test
    void should_import_its_own_files_into_a_new_store_and_mirror_them_back_byte_for_byte() throws Exception {
        librarian.close();
        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy);
        List<String> files;
        try (var listing = Files.list(dir)) {
            files = listing.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("kv_store_") || n.startsWith("vdb_") || n.endsWith(".graphml")).sorted()
                    .toList();
        }
        assertEquals(12, files.size(), "every LightRAG file is mirrored: " + files);
        FileTime longAgo = FileTime.fromMillis(0);
        for (String name : files) {
            Files.copy(dir.resolve(name), copy.resolve(name));
            Files.setLastModifiedTime(copy.resolve(name), longAgo);
        }

        librarian = RunningLibrarian.start(copy, tmp.resolve("inbox2"), ollama, Map.of());
        assertEquals(DocStatus.PROCESSED, librarian.statusOf(docId).orElseThrow(), "the imported document is known");
        librarian.close();
        for (String name : files) {
            assertTrue(Files.getLastModifiedTime(copy.resolve(name)).compareTo(longAgo) > 0,
                    name + " was written again from the store");
            assertEquals(Files.readString(dir.resolve(name)), Files.readString(copy.resolve(name)), name);
        }
    }

    @Test
    void should_write_the_fields_lightrag_reads() throws Exception {
        // §1.3 full_docs
        JsonNode doc = readJson("kv_store_full_docs.json").get(docId);
        assertFields(doc, "content", "file_path", "parse_format", "content_hash", "process_options",
                "create_time", "update_time", "_id");
        assertEquals("raw", doc.get("parse_format").asText());
        assertEquals(DocumentIds.md5Hex(doc.get("content").asText()), doc.get("content_hash").asText());

        // §1.6 doc_status: no stamps of JsonKVStorage
        JsonNode status = readJson("kv_store_doc_status.json").get(docId);
        assertFields(status, "status", "content_summary", "content_length", "created_at", "updated_at", "file_path",
                "track_id", "chunks_count", "chunks_list", "metadata");
        assertFalse(status.has("_id") || status.has("create_time") || status.has("update_time"), status.toString());
        assertEquals("processed", status.get("status").asText());
        assertTrue(status.get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00"),
                status.get("created_at").asText());
        assertEquals(status.get("chunks_count").asInt(), status.get("chunks_list").size());
        assertTrue(status.get("metadata").isObject());

        // §1.4 text_chunks, with the extraction cache keys (§1.5) they list
        JsonNode chunks = readJson("kv_store_text_chunks.json");
        JsonNode cache = readJson("kv_store_llm_response_cache.json");
        List<String> chunkIds = names(chunks);
        assertEquals(jsonList(status.get("chunks_list")), chunkIds, "chunks_list names the stored chunks in order");
        for (int i = 0; i < chunkIds.size(); i++) {
            JsonNode chunk = chunks.get(chunkIds.get(i));
            assertFields(chunk, "tokens", "content", "chunk_order_index", "full_doc_id", "file_path",
                    "llm_cache_list", "create_time", "update_time", "_id");
            assertEquals(String.format("%s-chunk-%03d", docId, i), chunkIds.get(i));
            assertEquals(chunkIds.get(i), chunk.get("_id").asText());
            assertEquals(i, chunk.get("chunk_order_index").asInt());
            assertEquals(docId, chunk.get("full_doc_id").asText());
            assertEquals(2, chunk.get("llm_cache_list").size(), "extraction and gleaning: " + chunk);
            for (JsonNode key : chunk.get("llm_cache_list")) {
                assertTrue(key.asText().startsWith("default:extract:"), key.asText());
                assertTrue(cache.has(key.asText()), "listed cache entry " + key + " exists");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = cache.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            assertFields(entry.getValue(), "return", "cache_type", "chunk_id", "original_prompt", "queryparam",
                    "create_time", "update_time", "_id");
            assertEquals(entry.getKey(), entry.getValue().get("_id").asText());
            assertTrue(entry.getKey().startsWith("default:" + entry.getValue().get("cache_type").asText() + ":"),
                    entry.getKey());
        }

        // §1.7 per-document and per-entity lists
        KnowledgeGraph graph = GraphmlStore.read(dir.resolve("graph_chunk_entity_relation.graphml"));
        JsonNode fullEntities = readJson("kv_store_full_entities.json").get(docId);
        assertFields(fullEntities, "entity_names", "count", "create_time", "update_time", "_id");
        assertEquals(graph.entityCount(), fullEntities.get("count").asInt());
        JsonNode fullRelations = readJson("kv_store_full_relations.json").get(docId);
        assertFields(fullRelations, "relation_pairs", "count", "create_time", "update_time", "_id");
        assertEquals(graph.relationCount(), fullRelations.get("count").asInt());
        for (JsonNode pair : fullRelations.get("relation_pairs")) {
            assertTrue(pair.size() == 2 && pair.get(0).asText().compareTo(pair.get(1).asText()) < 0,
                    "pairs are sorted 2-lists: " + pair);
        }
        JsonNode entityChunks = readJson("kv_store_entity_chunks.json");
        assertEquals(graph.entityCount(), entityChunks.size());
        for (EntityNode node : graph.entities()) {
            JsonNode rec = entityChunks.get(node.name());
            assertFields(rec, "chunk_ids", "count", "create_time", "update_time", "_id");
            assertEquals(node.sourceId(), String.join("<SEP>", jsonList(rec.get("chunk_ids"))));
        }
        JsonNode relationChunks = readJson("kv_store_relation_chunks.json");
        assertEquals(graph.relationCount(), relationChunks.size());
        for (RelationEdge edge : graph.relations()) {
            assertFields(relationChunks.get(edge.key().joined()), "chunk_ids", "count", "create_time",
                    "update_time", "_id");
        }

        // §1.8 NanoVectorDB files: one row per chunk, node and edge, with LightRAG's ids
        assertVdb("vdb_chunks.json", LibraryStores.CHUNK_META, new HashSet<>(chunkIds));
        assertVdb("vdb_entities.json", LibraryStores.ENTITY_META, graph.entities().stream()
                .map(n -> "ent-" + DocumentIds.md5Hex(n.name())).collect(Collectors.toSet()));
        assertVdb("vdb_relationships.json", LibraryStores.RELATION_META, graph.relations().stream()
                .map(e -> "rel-" + DocumentIds.md5Hex(e.key().first() + e.key().second())).collect(Collectors.toSet()));
    }

    private void assertSameVectors(SqlVectorStore stored, List<String> meta) throws Exception {
        Path file = dir.resolve(stored.fileName());
        NanoVectorStore onDisk = NanoVectorStore.open(file, DIM, meta);
        List<String> ids = stores().database().readSnapshot(c -> {
            List<String> all = new ArrayList<>();
            try (var rows = stored.rows(c)) {
                rows.forEachRemaining(r -> all.add(r.id()));
            }
            return all;
        });
        assertFalse(ids.isEmpty(), file + " holds rows");
        assertEquals(ids, List.copyOf(onDisk.ids()), file + ": ids in order");
        for (String id : ids) {
            VectorRecord mine = stored.get(id).orElseThrow();
            VectorRecord read = onDisk.get(id).orElseThrow();
            assertEquals(mine.createdAt(), read.createdAt(), id);
            assertEquals(mine.meta(), read.meta(), id);
            assertArrayEquals(mine.vector(), read.vector(), id);
        }
    }

    private void assertVdb(String name, List<String> meta, Set<String> expectedIds) throws Exception {
        String raw = Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
        assertTrue(raw.startsWith("{\"embedding_dim\": " + DIM + ", \"data\": ["), "NanoVectorDB layout: "
                + raw.substring(0, Math.min(60, raw.length())));
        JsonNode root = JSON.readTree(raw);
        assertEquals(Set.of("embedding_dim", "data", "matrix"), Set.copyOf(names(root)), name);
        Set<String> ids = new HashSet<>();
        Set<String> allowed = new LinkedHashSet<>(List.of("__id__", "__created_at__", "vector"));
        allowed.addAll(meta);
        for (JsonNode row : root.get("data")) {
            assertFields(row, "__id__", "__created_at__", "vector");
            assertTrue(row.get("__created_at__").isIntegralNumber(), row.toString());
            assertTrue(allowed.containsAll(names(row)), name + " row keeps only " + allowed + ": " + names(row));
            assertTrue(names(row).containsAll(meta), name + " row has " + meta + ": " + names(row));
            Base64.getDecoder().decode(row.get("vector").asText());
            ids.add(row.get("__id__").asText());
        }
        assertEquals(expectedIds, ids, name + " ids");
        byte[] matrix = Base64.getDecoder().decode(root.get("matrix").asText());
        assertEquals(root.get("data").size() * DIM * Float.BYTES, matrix.length, name + ": float32 matrix rows");
    }

    private static void assertFields(JsonNode record, String... fields) {
        assertTrue(record != null && record.isObject(), "a record: " + record);
        for (String field : fields) {
            assertTrue(record.has(field), "field '" + field + "' in " + record);
        }
    }

    private JsonNode readJson(String name) throws Exception {
        return JSON.readTree(dir.resolve(name).toFile());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> jsonList(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Map<String, EntityNode> byName(List<EntityNode> nodes) {
        return nodes.stream().collect(Collectors.toMap(EntityNode::name, Function.identity(), (a, b) -> a,
                TreeMap::new));
    }

    /** Edges by their undirected key, with the ends in key order (a GraphML round trip may swap them). */
    private static Map<RelationKey, RelationEdge> byKey(List<RelationEdge> edges) {
        return edges.stream().map(e -> new RelationEdge(e.key().first(), e.key().second(), e.weight(),
                        e.description(), e.keywords(), e.sourceId(), e.filePath(), e.createdAt(), e.truncate()))
                .collect(Collectors.toMap(RelationEdge::key, Function.identity(), (a, b) -> a, TreeMap::new));
    }
}
