package dev.librarian.library;

import dev.librarian.graph.GraphTables;
import dev.librarian.graph.GraphmlStore;
import dev.librarian.graph.KnowledgeGraph;
import dev.librarian.store.AppendJournal;
import dev.librarian.store.JsonKvStore;
import dev.librarian.store.SqlKvStore;
import dev.librarian.store.db.LibraryDatabase;
import dev.librarian.vector.NanoVectorStore;
import dev.librarian.vector.SqlVectorStore;
import dev.librarian.vector.MemoryVectorIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The first start on a working directory that holds LightRAG's files (written by LightRAG, or by an earlier
 * Librarian) and no store yet: every record of every file goes into the store, in one transaction, so an interrupted
 * import leaves nothing behind and runs again at the next start.
 */
final class LightRagImport {

    private static final Logger LOG = LoggerFactory.getLogger(LightRagImport.class);
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
            JsonKvStore source = JsonKvStore.open(file, false);
            if (namespace.equals("llm_response_cache")) {
                new AppendJournal(dir.resolve(LLM_JOURNAL)).replayInto(source);
            }
            source.snapshot().forEach(target::put);
        }
        importVectors(db, dir, embeddingDim, "entities", LibraryStores.ENTITY_META);
        importVectors(db, dir, embeddingDim, "relationships", LibraryStores.RELATION_META);
        importVectors(db, dir, embeddingDim, "chunks", LibraryStores.CHUNK_META);
        GraphTables graph = GraphTables.load(db);
        Path graphFile = dir.resolve(GraphTables.FILE);
        if (Files.isRegularFile(graphFile)) {
            KnowledgeGraph read = GraphmlStore.read(graphFile);
            read.entities().forEach(graph::putEntity);
            read.relations().forEach(graph::putRelation);
        }
    }

    private static void importVectors(LibraryDatabase db, Path dir, int dim, String namespace, List<String> meta)
            throws IOException {
        SqlVectorStore target = new SqlVectorStore(db, namespace, dim, meta, new MemoryVectorIndex());
        NanoVectorStore source = NanoVectorStore.open(dir.resolve(target.fileName()), dim, meta);
        for (String id : source.ids()) {
            source.get(id).ifPresent(target::put);
        }
    }
}
