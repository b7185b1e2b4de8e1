package dev.librarian.library;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.graph.EntityNode;
import dev.librarian.graph.GraphTables;
import dev.librarian.graph.GraphmlStreamReader;
import dev.librarian.graph.RelationEdge;
import dev.librarian.store.KvFileReader;
import dev.librarian.store.LightRagJson;
import dev.librarian.store.SqlKvStore;
import dev.librarian.store.db.LibraryDatabase;
import dev.librarian.vector.SqlVectorStore;
import dev.librarian.vector.VdbFileReader;
import dev.librarian.vector.VectorRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The first start on a working directory that holds LightRAG's files (written by LightRAG, or by an earlier
 * Librarian) and no store yet: every record of every file goes into the store, read one record at a time, in one
 * transaction, so an interrupted import leaves nothing behind and runs again at the next start.
 */
final class LightRagImport {

    private static final Logger LOG = LoggerFactory.getLogger(LightRagImport.class);
    private static final TypeReference<LinkedHashMap<String, Object>> META = new TypeReference<>() {
    };
    static final String INITIALISED = "initialised";
    /** Librarian's journal of LLM answers not yet in the cache file (versions before the store). */
    private static final String LLM_JOURNAL = "librarian_llm_cache.journal";

    private LightRagImport() {
    }

    static void importIfNew(LibraryDatabase db, Path dir, int embeddingDim, Clock clock) throws IOException {
        if (db.meta(INITIALISED).isPresent()) {
            return;
        }
        boolean anyFile = hasLightRagFiles(dir);
        long started = System.nanoTime();
        try {
            db.inTransaction(c -> {
                if (anyFile) {
                    try {
                        importFiles(db, dir, embeddingDim, clock);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                db.setMeta(INITIALISED, clock.instant().toString());
                return null;
            });
        } catch (UncheckedIOException e) {
            throw new IOException("cannot import LightRAG's files from " + dir + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
        if (anyFile) {
            db.changes().markAll(MirrorFiles.ALL);
            LOG.info("Imported LightRAG's files from {} into the library store in {} ms", dir,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static boolean hasLightRagFiles(Path dir) {
        return MirrorFiles.ALL.stream().anyMatch(f -> Files.isRegularFile(dir.resolve(f)))
                || Files.isRegularFile(dir.resolve(LLM_JOURNAL));
    }

    private static void importFiles(LibraryDatabase db, Path dir, int embeddingDim, Clock clock) throws IOException {
        for (String namespace : LibraryStores.KV_NAMESPACES) {
            SqlKvStore target = new SqlKvStore(db, namespace, clock);
            Path file = dir.resolve(target.fileName());
            if (Files.isRegularFile(file)) {
                KvFileReader.read(file, target::put);
            }
        }
        replayLlmJournal(db, dir, clock);
        importVectors(db, dir, embeddingDim, "entities", LibraryStores.ENTITY_META);
        importVectors(db, dir, embeddingDim, "relationships", LibraryStores.RELATION_META);
        importVectors(db, dir, embeddingDim, "chunks", LibraryStores.CHUNK_META);
        Path graphFile = dir.resolve(GraphTables.FILE);
        if (Files.isRegularFile(graphFile)) {
            GraphRows graph = new GraphRows(db);
            GraphmlStreamReader.read(graphFile, graph);
        }
    }

    /** LLM answers an earlier Librarian journalled but had not yet written to the cache file (one JSON line each). */
    private static void replayLlmJournal(LibraryDatabase db, Path dir, Clock clock) throws IOException {
        SqlKvStore cache = new SqlKvStore(db, "llm_response_cache", clock);
        for (String name : List.of(LLM_JOURNAL + ".old", LLM_JOURNAL)) {
            Path journal = dir.resolve(name);
            if (!Files.isRegularFile(journal)) {
                continue;
            }
            try (BufferedReader in = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    JsonNode entry;
                    try {
                        entry = LightRagJson.mapper().readTree(line);
                    } catch (IOException torn) {
                        continue; // the last line of a crashed run may be cut short
                    }
                    if (entry != null && entry.path("key").isTextual() && entry.get("value") instanceof ObjectNode v) {
                        cache.put(entry.get("key").asText(), v);
                    }
                }
            }
        }
    }

    private static void importVectors(LibraryDatabase db, Path dir, int dim, String namespace, List<String> meta)
            throws IOException {
        Path file = dir.resolve("vdb_" + namespace + ".json");
        if (Files.isRegularFile(file)) {
            VdbFileReader.read(file, dim, row -> SqlVectorStore.insert(db, namespace, meta, new VectorRecord(row.id(),
                    row.createdAt(), LightRagJson.mapper().convertValue(row.meta(), META), row.vector())));
        }
    }

    /** Graph elements as they are read, into the store's rows (the in-memory graph is loaded afterwards). */
    private record GraphRows(LibraryDatabase db) implements GraphmlStreamReader.GraphConsumer {
        @Override
        public void entity(EntityNode node) {
            GraphTables.insert(db, node);
        }

        @Override
        public void relation(RelationEdge edge) {
            GraphTables.insert(db, edge);
        }
    }
}
