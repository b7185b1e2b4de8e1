package dev.librarian.library;

import dev.librarian.graph.GraphTables;
import dev.librarian.graph.KnowledgeGraph;
import dev.librarian.merge.ExtractionRows;
import dev.librarian.store.CachedKvStore;
import dev.librarian.store.KvStore;
import dev.librarian.store.SqlKvStore;
import dev.librarian.store.db.LibraryDatabase;
import dev.librarian.vector.LuceneVectorIndex;
import dev.librarian.vector.SqlVectorStore;
import dev.librarian.vector.VectorIndex;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.lucene.util.IOUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The library's stores, all in one {@link LibraryDatabase}: LightRAG's key-value namespaces, its three vector
 * namespaces (rows in the store, searched through a Lucene HNSW index in {@code WORKING_DIR/vectors/} derived from
 * them) and the knowledge graph (rows in the store,
 * held in memory for traversal). {@link #apply} runs a change as one transaction that readers see whole or not at all.
 */
public final class LibraryStores extends ServiceSupport {

    public static final List<String> ENTITY_META = List.of("entity_name", "content", "source_id", "file_path");
    public static final List<String> RELATION_META = List.of("src_id", "tgt_id", "source_id", "content", "file_path");
    public static final List<String> CHUNK_META = List.of("content", "full_doc_id", "file_path");
    /** LightRAG's key-value namespaces, in the order its files are listed. */
    public static final List<String> KV_NAMESPACES = List.of("full_docs", "text_chunks", "llm_response_cache",
            "full_entities", "full_relations", "entity_chunks", "relation_chunks", "doc_status");
    /** LightRAG's vector namespaces. */
    public static final List<String> VECTOR_NAMESPACES = List.of("entities", "relationships", "chunks");

    private final Path dir;
    private final LibraryDatabase db;
    private final SqlKvStore fullDocs;
    private final SqlKvStore textChunks;
    private final TextChunks chunks;
    private final SqlKvStore llmCache;
    private final SqlKvStore fullEntities;
    private final SqlKvStore fullRelations;
    private final SqlKvStore entityChunks;
    private final SqlKvStore relationChunks;
    private final SqlKvStore docStatusRows;
    private final SqlKvStore chunkExtractions;
    private final CachedKvStore docStatus;
    private final SqlVectorStore entitiesVdb;
    private final SqlVectorStore relationshipsVdb;
    private final SqlVectorStore chunksVdb;
    private final GraphTables graph;

    private LibraryStores(Path dir, LibraryDatabase db, int embeddingDim, VectorIndexes indexes, Clock clock) {
        this.dir = dir;
        this.db = db;
        fullDocs = new SqlKvStore(db, "full_docs", clock);
        textChunks = new SqlKvStore(db, "text_chunks", clock);
        chunks = new TextChunks(textChunks);
        llmCache = new SqlKvStore(db, "llm_response_cache", clock);
        fullEntities = new SqlKvStore(db, "full_entities", clock);
        fullRelations = new SqlKvStore(db, "full_relations", clock);
        entityChunks = new SqlKvStore(db, "entity_chunks", clock);
        relationChunks = new SqlKvStore(db, "relation_chunks", clock);
        docStatusRows = new SqlKvStore(db, "doc_status", clock);
        docStatus = new CachedKvStore(docStatusRows, db);
        chunkExtractions = new SqlKvStore(db, ExtractionRows.NAMESPACE, clock);
        entitiesVdb = new SqlVectorStore(db, "entities", embeddingDim, ENTITY_META, indexes.open("entities"));
        relationshipsVdb = new SqlVectorStore(db, "relationships", embeddingDim, RELATION_META,
                indexes.open("relationships"));
        chunksVdb = new SqlVectorStore(db, "chunks", embeddingDim, CHUNK_META, indexes.open("chunks"));
        graph = GraphTables.load(db);
    }

    /** Where the vector indexes of a working directory live. */
    @FunctionalInterface
    public interface VectorIndexes {
        VectorIndex open(String namespace);
    }

    /**
     * Opens the library in {@code dir} on the store at {@code databaseUrl} (blank: {@code dir/library.db}). A store
     * that was never filled while {@code dir} holds LightRAG's files takes them in first.
     */
    public static LibraryStores open(Path dir, String databaseUrl, int embeddingDim, Clock clock) throws IOException {
        LibraryDatabase db = LibraryDatabase.open(databaseUrl, dir);
        try {
            LightRagImport.importIfNew(db, dir, embeddingDim, clock);
            LibraryStores stores = new LibraryStores(dir, db, embeddingDim, ns -> luceneIndex(dir, ns, embeddingDim),
                    clock);
            stores.chunksVdb.catchUp();
            stores.entitiesVdb.catchUp();
            stores.relationshipsVdb.catchUp();
            return stores;
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static VectorIndex luceneIndex(Path dir, String namespace, int dim) {
        try {
            return LuceneVectorIndex.open(dir.resolve("vectors").resolve(namespace), dim);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the " + namespace + " vector index in " + dir.resolve("vectors")
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies {@code change} as one transaction. Questions do not wait for it: each store answers as of its last
     * commit (the vector indexes a moment later), and a hit whose record a change just removed is skipped.
     */
    public void apply(Runnable change) {
        db.inTransaction(change);
    }

    @Override
    protected void doStop() throws IOException {
        // each closed even if another fails: the database's close releases the library's lock
        IOUtils.close(chunksVdb, entitiesVdb, relationshipsVdb, db);
    }

    public Path dir() {
        return dir;
    }

    public LibraryDatabase database() {
        return db;
    }

    public KvStore fullDocs() {
        return fullDocs;
    }

    public KvStore textChunks() {
        return textChunks;
    }

    /** {@link #textChunks()} as typed records. */
    public TextChunks chunks() {
        return chunks;
    }

    /** Parsed extraction records per chunk (not one of LightRAG's namespaces). */
    public KvStore chunkExtractions() {
        return chunkExtractions;
    }

    public KvStore llmCache() {
        return llmCache;
    }

    public KvStore fullEntities() {
        return fullEntities;
    }

    public KvStore fullRelations() {
        return fullRelations;
    }

    public KvStore entityChunks() {
        return entityChunks;
    }

    public KvStore relationChunks() {
        return relationChunks;
    }

    public KvStore docStatus() {
        return docStatus;
    }

    /** Every key-value namespace as stored rows, for the mirror. */
    public List<SqlKvStore> kvNamespaces() {
        return List.of(fullDocs, textChunks, llmCache, fullEntities, fullRelations, entityChunks, relationChunks,
                docStatusRows);
    }

    public SqlVectorStore entitiesVdb() {
        return entitiesVdb;
    }

    public SqlVectorStore relationshipsVdb() {
        return relationshipsVdb;
    }

    public SqlVectorStore chunksVdb() {
        return chunksVdb;
    }

    public List<SqlVectorStore> vectorNamespaces() {
        return List.of(entitiesVdb, relationshipsVdb, chunksVdb);
    }

    public KnowledgeGraph graph() {
        return graph.graph();
    }

    /** The graph's stored rows: writes go here, and reach {@link #graph()} when they commit. */
    public GraphTables graphTables() {
        return graph;
    }
}
