package dev.librarian.vector;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.store.NRTCachingDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.VectorUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A {@link VectorIndex} in a Lucene index on disk, read through memory maps, so the heap holds neither the vectors nor
 * the HNSW graph of committed segments. Vectors are stored L2-normalised and compared by DOT_PRODUCT, which then equals
 * cosine similarity without Lucene recomputing both norms at every comparison, and lets the exact scan read the
 * stored rows as they are.
 *
 * <p>Queries see what was last committed or {@link #publish published}: they search a reader the writer opens at
 * those moments, never changes staged after them. Indexes of at most {@code exactMax} live vectors are
 * searched exhaustively (exact, ties by id); larger ones through the HNSW graph, and exhaustively when the graph
 * finds nothing as similar as the threshold. Thread-safe.
 */
public final class LuceneVectorIndex implements VectorIndex {

    public static final int DEFAULT_EXACT_MAX = 10_000;

    private static final String ID = "id";
    private static final String VECTOR = "vector";
    private static final String GENERATION = "generation";
    // the graph search explores at least this many candidates over all parts (segments), then cuts them to topK:
    // better recall for small topK
    private static final int GRAPH_CANDIDATES = 200;
    /** How long a close waits for the merge {@link #startMergingSegments} started before leaving it to the exit. */
    private static final Duration CLOSE_WAITS_FOR_MERGES = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(LuceneVectorIndex.class);
    private static final KnnVectorsFormat VECTORS_FORMAT = new WideHnswVectorsFormat();
    // published segments kept in memory between commits: each at most this big, all together at most that
    private static final double NRT_SEGMENT_MAX_MB = 2;
    private static final double NRT_CACHE_MAX_MB = 16;
    private static final double INGEST_MERGE_MAX_MB = 32;
    // when an idle index is worth merging into one part (see worthMerging)
    private static final int IDLE_MERGE_PARTS = 8;
    private static final double IDLE_MERGE_OUTSIDE_LARGEST = 0.1;

    private final Path path;
    private final int dim;
    private final int exactMax;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Object commitLock = new Object();
    private final SegmentIds segmentIds = new SegmentIds(ID);
    /** Whether the merge {@link #startMergingSegments} started may still run (a close does not wait long for it). */
    private volatile boolean mergingAll;
    private volatile long generation;

    private LuceneVectorIndex(Path path, int dim, int exactMax, Directory directory, IndexWriter writer)
            throws IOException {
        this.path = path;
        this.dim = dim;
        this.exactMax = exactMax;
        this.directory = directory;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, true, false, null);
        try {
            readLastCommit();
        } catch (IOException | RuntimeException e) {
            IOUtils.closeWhileHandlingException(searchers);
            throw e;
        }
    }

    /** Opens (or creates, with its directory) the index in {@code dir}, exact up to {@link #DEFAULT_EXACT_MAX}. */
    public static LuceneVectorIndex open(Path dir, int dim) throws IOException {
        return open(dir, dim, DEFAULT_EXACT_MAX);
    }

    /** Opens (or creates) the index in {@code dir}; up to {@code exactMax} live vectors, queries scan exhaustively. */
    public static LuceneVectorIndex open(Path dir, int dim, int exactMax) throws IOException {
        return open(dir, dim, exactMax, config -> { });
    }

    /** As {@link #open(Path, int, int)}, with the writer's configuration adjusted by {@code tuning} (tests). */
    static LuceneVectorIndex open(Path dir, int dim, int exactMax, Consumer<IndexWriterConfig> tuning)
            throws IOException {
        if (dim < 1 || dim > WideHnswVectorsFormat.MAX_DIMENSIONS) {
            throw new IllegalArgumentException("vector dimension must be between 1 and "
                    + WideHnswVectorsFormat.MAX_DIMENSIONS + ", not " + dim);
        }
        if (exactMax < 0) {
            throw new IllegalArgumentException("exactMax must not be negative, not " + exactMax);
        }
        Files.createDirectories(dir);
        // a document's merge publishes a small segment: it stays in memory until the next commit or a merge writes it
        Directory directory = new NRTCachingDirectory(new MMapDirectory(dir), NRT_SEGMENT_MAX_MB, NRT_CACHE_MAX_MB);
        IndexWriter writer = null;
        try {
            IndexWriterConfig config = new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    // what was not committed is dropped on close, as it would be by a crash
                    .setCommitOnClose(false)
                    .setCodec(codec())
                    .setMergePolicy(fewSegments());
            tuning.accept(config);
            writer = new IndexWriter(directory, config);
            if (!DirectoryReader.indexExists(directory)) {
                // a first, empty commit so that readers can open the new index
                writer.setLiveCommitData(Map.of(GENERATION, "0").entrySet());
                writer.commit();
            }
            return new LuceneVectorIndex(dir, dim, exactMax, directory, writer);
        } catch (IOException | RuntimeException e) {
            IOUtils.closeWhileHandlingException(writer, directory);
            throw e;
        }
    }

    /**
     * A graph search visits every segment, so a library published document by document (a small segment each) must
     * not keep dozens of them: they are merged in fewer tiers than Lucene's default. Merging rebuilds a graph, so the
     * merges an ingest triggers stop at {@value #INGEST_MERGE_MAX_MB} MB: each vector is relinked a bounded number of
     * times however big the library grows, and the big segments are left to the idle merge into one
     * ({@link #startMergingSegments}, which is not bound by that size).
     */
    private static TieredMergePolicy fewSegments() {
        TieredMergePolicy policy = new TieredMergePolicy();
        policy.setSegmentsPerTier(4);
        policy.setMaxMergedSegmentMB(INGEST_MERGE_MAX_MB);
        return policy;
    }

    private static Codec codec() {
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return VECTORS_FORMAT;
            }
        };
    }

    /** Checks the committed vectors have this index's dimension and takes the generation recorded with them. */
    private void readLastCommit() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            DirectoryReader reader = (DirectoryReader) searcher.getIndexReader();
            FieldInfo field = FieldInfos.getMergedFieldInfos(reader).fieldInfo(VECTOR);
            if (field != null && field.getVectorDimension() != dim) {
                throw new IllegalStateException("the vector index in " + path + " holds "
                        + field.getVectorDimension() + "-dimensional vectors, not " + dim
                        + ": delete the directory to rebuild it");
            }
            generation = Long.parseLong(SegmentInfos.readLatestCommit(directory).getUserData()
                    .getOrDefault(GENERATION, "0"));
        } finally {
            searchers.release(searcher);
        }
    }

    @Override
    public void upsert(String id, float[] vector) {
        Objects.requireNonNull(id, "id");
        float[] unit = unitVector(vector, "vector of " + id);
        Document doc = new Document();
        doc.add(new StringField(ID, id, Field.Store.YES));
        doc.add(new KnnFloatVectorField(VECTOR, unit, VectorSimilarityFunction.DOT_PRODUCT));
        try {
            writer.updateDocument(new Term(ID, id), doc);
        } catch (IOException e) {
            throw new UncheckedIOException("could not stage the vector of " + id, e);
        }
    }

    @Override
    public void delete(String id) {
        Objects.requireNonNull(id, "id");
        try {
            writer.deleteDocuments(new Term(ID, id));
        } catch (IOException e) {
            throw new UncheckedIOException("could not stage the deletion of " + id, e);
        }
    }

    @Override
    public void commit(long generation) throws IOException {
        synchronized (commitLock) {
            writer.setLiveCommitData(Map.of(GENERATION, Long.toString(generation)).entrySet());
            writer.commit();
            searchers.maybeRefreshBlocking();
            this.generation = generation;
        }
    }

    @Override
    public void publish() throws IOException {
        // not behind a commit's fsync: the searcher manager refreshes safely beside the writer's commit
        searchers.maybeRefreshBlocking();
    }

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public List<ScoredId> query(float[] query, int topK, double threshold) {
        float[] unit = unitVector(query, "query vector");
        if (topK <= 0) {
            return List.of();
        }
        IndexSearcher searcher = acquire();
        try {
            StoredFields stored = searcher.storedFields();
            TopHits hits = new TopHits(topK, doc -> idOf(stored, doc));
            if (searcher.getIndexReader().numDocs() > exactMax) {
                searchGraph(searcher, unit, topK, threshold, hits);
            }
            if (hits.isEmpty()) {
                // small indexes, and what the graph missed: it is approximate and can miss every vector near a query
                // unlike most of the library (seen after an index was merged into one part), so a question gets
                // the exact answer, not "no context"
                scanAll(searcher, unit, threshold, hits);
            }
            return hits.bestFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("vector query failed in " + path, e);
        } finally {
            release(searcher);
        }
    }

    private static void scanAll(IndexSearcher searcher, float[] unit, double threshold, TopHits hits)
            throws IOException {
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            FloatVectorValues vectors = leaf.reader().getFloatVectorValues(VECTOR);
            if (vectors == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            for (int doc = vectors.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = vectors.nextDoc()) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                float score = clampCosine(VectorUtil.dotProduct(unit, vectors.vectorValue()));
                if (score >= threshold) {
                    hits.offer(score, leaf.docBase + doc);
                }
            }
        }
    }

    /**
     * Searches each segment's graph with a share of {@link #GRAPH_CANDIDATES} by its size, at least {@code topK}:
     * after a document-by-document ingest one big segment holds most vectors beside a few small ones, and it is
     * searched as widely as the merged index would be, while the small ones, which a narrow search covers, cost
     * little.
     */
    private static void searchGraph(IndexSearcher searcher, float[] unit, int topK, double threshold, TopHits hits)
            throws IOException {
        long total = searcher.getIndexReader().numDocs();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            int live = leaf.reader().numDocs();
            if (live == 0) {
                continue;
            }
            int share = (int) -Math.floorDiv(-(long) GRAPH_CANDIDATES * live, total);
            int candidates = Math.min(Math.max(topK, share), live);
            TopDocs found = leaf.reader().searchNearestVectors(VECTOR, unit, candidates, leaf.reader().getLiveDocs(),
                    Integer.MAX_VALUE);
            for (ScoreDoc hit : found.scoreDocs) {
                // Lucene scores DOT_PRODUCT as (1 + dot) / 2
                float score = clampCosine(2 * hit.score - 1);
                if (score >= threshold) {
                    hits.offer(score, leaf.docBase + hit.doc);
                }
            }
        }
    }

    @Override
    public Map<String, Float> similarities(float[] query, Collection<String> ids) {
        float[] unit = unitVector(query, "query vector");
        Map<String, Float> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        Set<String> distinct = Set.copyOf(ids);
        IndexSearcher searcher = acquire();
        try {
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                similarities(leaf, distinct, unit, found);
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("reading vectors by id failed in " + path, e);
        } finally {
            release(searcher);
        }
    }

    /** Looks the ids up in one segment and scores their live documents' vectors. */
    private void similarities(LeafReaderContext leaf, Collection<String> ids, float[] unit, Map<String, Float> out)
            throws IOException {
        FloatVectorValues vectors = leaf.reader().getFloatVectorValues(VECTOR);
        if (vectors == null) {
            return;
        }
        Bits live = leaf.reader().getLiveDocs();
        TreeMap<Integer, String> docs = new TreeMap<>();
        for (String id : ids) {
            for (int doc : segmentIds.docs(leaf.reader(), id)) {
                if (live == null || live.get(doc)) {
                    docs.put(doc, id);
                }
            }
        }
        // the vector values only move forward: visit the documents in order
        for (Map.Entry<Integer, String> e : docs.entrySet()) {
            int doc = vectors.docID() < e.getKey() ? vectors.advance(e.getKey()) : vectors.docID();
            if (doc == e.getKey()) {
                out.put(e.getValue(), clampCosine(VectorUtil.dotProduct(unit, vectors.vectorValue())));
            }
        }
    }

    private static float clampCosine(float dot) {
        return Math.max(-1f, Math.min(1f, dot));
    }

    private static String idOf(StoredFields stored, int doc) {
        try {
            return stored.document(doc, Set.of(ID)).get(ID);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int size() {
        IndexSearcher searcher = acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            release(searcher);
        }
    }

    @Override
    public void clear() throws IOException {
        writer.deleteAll();
    }

    @Override
    public void compact() throws IOException {
        synchronized (commitLock) {
            writer.forceMerge(1);
            writer.commit();
            searchers.maybeRefreshBlocking();
        }
    }

    @Override
    public int segments() {
        IndexSearcher searcher = acquire();
        try {
            return searcher.getIndexReader().leaves().size();
        } finally {
            release(searcher);
        }
    }

    @Override
    public boolean worthMerging() {
        IndexSearcher searcher = acquire();
        try {
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            if (leaves.size() < 2) {
                return false;
            }
            if (leaves.size() > IDLE_MERGE_PARTS) {
                return true;
            }
            long live = 0;
            long largest = 0;
            for (LeafReaderContext leaf : leaves) {
                live += leaf.reader().numDocs();
                largest = Math.max(largest, leaf.reader().numDocs());
            }
            return live - largest >= IDLE_MERGE_OUTSIDE_LARGEST * live;
        } finally {
            release(searcher);
        }
    }

    @Override
    public void startMergingSegments() throws IOException {
        // in Lucene's merge threads: changes, publishes and commits go on meanwhile
        mergingAll = true;
        writer.forceMerge(1, false);
    }

    @Override
    public boolean merging() {
        boolean merging = writer.hasPendingMerges() || !writer.getMergingSegments().isEmpty();
        if (!merging) {
            mergingAll = false;
        }
        return merging;
    }

    @Override
    public void close() throws IOException {
        synchronized (commitLock) {
            if (mergingAll && !mergesEndWithin(CLOSE_WAITS_FOR_MERGES)) {
                // Lucene 9.12 cannot abort a merge while it builds the HNSW graph (pure CPU, no abort check): closing
                // the writer would wait for the whole merge of the index, minutes on a big library. It is left to the
                // process's exit instead (its merge threads are daemons): the last commit stands and the merge is
                // lost, as in a crash, to be done again when the index is next idle. (Lucene's own merges of a few
                // small segments are waited for, as before.)
                LOG.warn("Vector index {}: a merge of its segments is still running; not waiting for it", path);
                searchers.close();
                return;
            }
            IOUtils.close(searchers, writer, directory);
        }
    }

    private boolean mergesEndWithin(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (merging()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** {@code v} scaled to length 1, after checking it is a usable vector for this index. */
    private float[] unitVector(float[] v, String what) {
        Objects.requireNonNull(v, what);
        if (v.length != dim) {
            throw new IllegalArgumentException(what + " has " + v.length + " values but the index holds "
                    + dim + "-dimensional vectors");
        }
        double squares = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException(what + " contains NaN or infinity");
            }
            squares += (double) x * x;
        }
        if (squares == 0) {
            throw new IllegalArgumentException(what + " is a zero vector, which has no cosine similarity");
        }
        double norm = Math.sqrt(squares);
        float[] unit = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            unit[i] = (float) (v[i] / norm);
        }
        return unit;
    }

    private IndexSearcher acquire() {
        try {
            return searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
