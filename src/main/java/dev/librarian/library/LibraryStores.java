package dev.librarian.library;

import dev.librarian.graph.GraphmlStore;
import dev.librarian.graph.KnowledgeGraph;
import dev.librarian.store.AppendJournal;
import dev.librarian.store.AtomicFiles;
import dev.librarian.store.JsonKvStore;
import dev.librarian.vector.NanoVectorStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * All stores of the working directory, opened once at start-up with LightRAG's file names. The in-memory copies
 * are the truth while the service runs; {@link #flushIndex()} writes the index files, each atomically.
 */
public final class LibraryStores extends org.apache.camel.support.service.ServiceSupport {

    public static final List<String> ENTITY_META = List.of("entity_name", "content", "source_id", "file_path");
    public static final List<String> RELATION_META = List.of("src_id", "tgt_id", "source_id", "content", "file_path");
    public static final List<String> CHUNK_META = List.of("content", "full_doc_id", "file_path");

    private final Path dir;
    private final JsonKvStore fullDocs;
    private final JsonKvStore textChunks;
    private final JsonKvStore llmCache;
    private final JsonKvStore fullEntities;
    private final JsonKvStore fullRelations;
    private final JsonKvStore entityChunks;
    private final JsonKvStore relationChunks;
    private final JsonKvStore docStatus;
    private final NanoVectorStore entitiesVdb;
    private final NanoVectorStore relationshipsVdb;
    private final NanoVectorStore chunksVdb;
    private final KnowledgeGraph graph;
    private final AppendJournal llmCacheJournal;
    private final ReentrantReadWriteLock consistency = new ReentrantReadWriteLock();

    private LibraryStores(Path dir, int embeddingDim) throws IOException {
        this.dir = dir;
        fullDocs = kv("full_docs", true);
        textChunks = kv("text_chunks", true);
        llmCache = kv("llm_response_cache", true);
        llmCacheJournal = new AppendJournal(dir.resolve("librarian_llm_cache.journal"));
        llmCacheJournal.replayInto(llmCache);
        fullEntities = kv("full_entities", true);
        fullRelations = kv("full_relations", true);
        entityChunks = kv("entity_chunks", true);
        relationChunks = kv("relation_chunks", true);
        docStatus = kv("doc_status", false);
        entitiesVdb = NanoVectorStore.open(dir.resolve("vdb_entities.json"), embeddingDim, ENTITY_META);
        relationshipsVdb = NanoVectorStore.open(dir.resolve("vdb_relationships.json"), embeddingDim, RELATION_META);
        chunksVdb = NanoVectorStore.open(dir.resolve("vdb_chunks.json"), embeddingDim, CHUNK_META);
        graph = GraphmlStore.read(graphFile());
    }

    /** Opens (or creates) the working directory, removing temp files a crash may have left behind. */
    public static LibraryStores open(Path dir, int embeddingDim) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.deleteOrphanTempFiles(dir);
        return new LibraryStores(dir, embeddingDim);
    }

    private JsonKvStore kv(String namespace, boolean stamp) throws IOException {
        return JsonKvStore.open(dir.resolve("kv_store_" + namespace + ".json"), stamp);
    }

    public Path graphFile() {
        return dir.resolve("graph_chunk_entity_relation.graphml");
    }

    /**
     * Writes everything a merged document produced: vectors, graph and KV index files. Document status is written
     * by its own repository after this returns, so a document is only "processed" once its data is on disk.
     */
    public synchronized void flushIndex() throws IOException {
        // the three vector files are the big ones: written side by side with the rest (two cores at least)
        List<IoTask> writes = List.of(chunksVdb::flush, entitiesVdb::flush, relationshipsVdb::flush,
                () -> GraphmlStore.write(graph, graphFile()),
                () -> {
                    textChunks.flush();
                    entityChunks.flush();
                    relationChunks.flush();
                    fullEntities.flush();
                    fullRelations.flush();
                    llmCacheJournal.flushStore(llmCache);
                });
        try {
            writes.parallelStream().forEach(IoTask::runUnchecked);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @FunctionalInterface
    private interface IoTask {
        void run() throws IOException;

        default void runUnchecked() {
            try {
                run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reads the stores as a whole: no merged document is applied half-way while {@code reading} runs. */
    public <T> T read(Supplier<T> reading) {
        consistency.readLock().lock();
        try {
            return reading.get();
        } finally {
            consistency.readLock().unlock();
        }
    }

    /** Applies one merged document to the in-memory stores; readers see it before or after, never half-way. */
    public void apply(Runnable change) {
        consistency.writeLock().lock();
        try {
            change.run();
        } finally {
            consistency.writeLock().unlock();
        }
    }

    /** Journal of LLM answers not yet in the cache file: each is on disk as soon as it arrives. */
    public AppendJournal llmCacheJournal() {
        return llmCacheJournal;
    }

    @Override
    protected void doStop() throws IOException {
        llmCacheJournal.flushStore(llmCache);
        llmCacheJournal.close();
    }

    public Path dir() {
        return dir;
    }

    public JsonKvStore fullDocs() {
        return fullDocs;
    }

    public JsonKvStore textChunks() {
        return textChunks;
    }

    public JsonKvStore llmCache() {
        return llmCache;
    }

    public JsonKvStore fullEntities() {
        return fullEntities;
    }

    public JsonKvStore fullRelations() {
        return fullRelations;
    }

    public JsonKvStore entityChunks() {
        return entityChunks;
    }

    public JsonKvStore relationChunks() {
        return relationChunks;
    }

    public JsonKvStore docStatus() {
        return docStatus;
    }

    public NanoVectorStore entitiesVdb() {
        return entitiesVdb;
    }

    public NanoVectorStore relationshipsVdb() {
        return relationshipsVdb;
    }

    public NanoVectorStore chunksVdb() {
        return chunksVdb;
    }

    public KnowledgeGraph graph() {
        return graph;
    }
}
