package dev.librarian.progress;

import dev.librarian.llm.LlmAnswer;
import dev.librarian.model.Chunk;
import dev.librarian.model.ChunkExtraction;
import dev.librarian.pipeline.DocumentJob;
import dev.librarian.status.DocProgress;
import dev.librarian.status.DocStatus;
import dev.librarian.status.DocStatusRecord;
import dev.librarian.status.DocStatusRepository;
import dev.librarian.status.StatusListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Follows every document in the pipeline: its stage, the chunks extracted so far, the recent pace and the ETA.
 * Routes report stage changes and extracted chunks. A stage change goes into the status record at once;
 * {@link #tick()} (a timer route) writes the other figures, flushes the status file at most every save interval
 * (status changes flush it too) and logs a progress line per extracting document at most every log interval. Not a Camel service on purpose: a bean that is one
 * is stopped with the first route that calls it.
 */
public final class ProgressTracker implements StatusListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressTracker.class);

    private final DocStatusRepository status;
    private final CachedExtractions cached;
    private final Function<String, List<Chunk>> chunksOf;
    private final PipelineMessages messages;
    private final LongSupplier nanoClock;
    private final long paceWindowNanos;
    private final long saveIntervalNanos;
    private final long logIntervalNanos;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private long lastSave;

    /**
     * @param chunksOf a document's chunks, computed from its text (for documents left unfinished by a previous run)
     */
    public ProgressTracker(DocStatusRepository status, CachedExtractions cached, Function<String, List<Chunk>> chunksOf,
                           PipelineMessages messages, LongSupplier nanoClock, long paceWindowMillis,
                           long saveIntervalMillis, long logIntervalMillis) {
        this.status = status;
        this.cached = cached;
        this.chunksOf = chunksOf;
        this.messages = messages;
        this.nanoClock = nanoClock;
        this.paceWindowNanos = paceWindowMillis * 1_000_000L;
        this.saveIntervalNanos = saveIntervalMillis * 1_000_000L;
        this.logIntervalNanos = logIntervalMillis * 1_000_000L;
        this.lastSave = nanoClock.getAsLong();
        status.addListener(this);
    }

    /** The document left the queue and is being cut into chunks. */
    public void chunking(String docId) {
        Live doc = new Live(docId, fileName(docId));
        live.put(docId, doc);
        stage(doc, Stage.CHUNKING);
    }

    /** Extraction starts; chunks whose answers are already in the LLM cache count as done. */
    public void extracting(DocumentJob job) {
        Live doc = live.computeIfAbsent(job.docId(), id -> new Live(id, job.fileName()));
        Set<String> done = cached.of(job.chunks());
        synchronized (doc) {
            doc.total = job.chunks().size();
            doc.done.addAll(done);
            doc.pace = new ExtractionPace(paceWindowNanos, nanoClock.getAsLong());
        }
        messages.add(job.fileName() + ": extracting " + job.chunks().size() + " chunks"
                + (done.isEmpty() ? "" : " (" + done.size() + " already in the LLM cache)"));
        stage(doc, Stage.EXTRACTING);
    }

    /** One chunk is extracted; it counts towards the pace when the LLM had to answer. */
    public void chunkExtracted(ChunkExtraction extraction, LlmAnswer first, LlmAnswer gleaning) {
        Live doc = live.get(extraction.chunk().docId());
        if (doc == null) {
            return;
        }
        boolean called = (first != null && !first.cached()) || (gleaning != null && !gleaning.cached());
        synchronized (doc) {
            if (doc.done.add(extraction.chunk().id()) && called && doc.pace != null) {
                doc.pace.chunkExtracted(nanoClock.getAsLong());
            }
            doc.changed = true;
        }
    }

    public void merging(String docId) {
        stage(docId, Stage.MERGING);
    }

    public void embedding(String docId) {
        stage(docId, Stage.EMBEDDING);
    }

    public void storing(String docId) {
        stage(docId, Stage.STORING);
    }

    /**
     * A document the previous run left unfinished, before it is queued again: its record counts the chunks whose
     * extraction reached the LLM cache before the stop.
     */
    public void resumed(String docId) {
        try {
            List<Chunk> chunks = chunksOf.apply(docId);
            int done = cached.of(chunks).size();
            status.recordProgress(docId, new DocProgress(done, chunks.size(), null, null));
            messages.add(fileName(docId) + ": resumes with " + done + "/" + chunks.size() + " chunks extracted");
        } catch (RuntimeException e) {
            LOG.warn("Could not count the extracted chunks of {}: {}", docId, e.getMessage());
        }
    }

    /** Writes what changed into the status records; flushes and logs when their intervals have passed. */
    public void tick() {
        long now = nanoClock.getAsLong();
        for (Live doc : live.values()) {
            DocProgress progress;
            String line = null;
            synchronized (doc) {
                if (!doc.changed) {
                    continue;
                }
                doc.changed = false;
                progress = doc.progress(now);
                if (Stage.EXTRACTING == doc.stage && now - doc.lastLogged >= logIntervalNanos) {
                    doc.lastLogged = now;
                    line = ProgressLine.of(doc.fileName, doc.done.size(), doc.total, doc.pace.chunksPerSecond(now),
                            progress.etaSeconds());
                }
                // under the document's monitor, so a stage change cannot be overwritten by older figures
                status.recordProgress(doc.docId, progress);
            }
            if (line != null) {
                LOG.info(line);
                messages.add(line);
            }
        }
        if (now - lastSave >= saveIntervalNanos) {
            lastSave = now;
            status.flushProgress();
        }
    }

    /** The documents being worked on, with their figures, for the pipeline status. */
    public List<Map<String, Object>> inFlight() {
        long now = nanoClock.getAsLong();
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Live doc : live.values()) {
            DocProgress p;
            synchronized (doc) {
                p = doc.progress(now);
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", doc.docId);
            d.put("file_path", doc.fileName);
            d.put(DocProgress.STAGE, p.stage());
            d.put(DocProgress.CHUNKS_DONE, p.chunksDone());
            d.put(DocProgress.CHUNKS_TOTAL, p.chunksTotal());
            d.put(DocProgress.ETA_SECONDS, p.etaSeconds());
            docs.add(d);
        }
        return docs;
    }

    /** A finished document is no longer followed. */
    @Override
    public void changed(String docId, DocStatusRecord record) {
        boolean processed = record.is(DocStatus.PROCESSED);
        if (record.isSettled() && live.remove(docId) != null) {
            messages.add(Objects.requireNonNullElse(record.filePath(), docId) + (processed ? ": processed"
                    : ": failed: " + Objects.requireNonNullElse(record.errorMsg(), "")));
        }
    }

    /** Writes every document's figures and flushes them: at shutdown, after the routes have stopped. */
    public void saveAll() {
        for (Live doc : live.values()) {
            synchronized (doc) {
                doc.changed = true;
            }
        }
        lastSave = nanoClock.getAsLong() - saveIntervalNanos;
        tick();
    }

    private void stage(String docId, Stage stage) {
        Live doc = live.get(docId);
        if (doc != null) {
            stage(doc, stage);
        }
    }

    private void stage(Live doc, Stage stage) {
        synchronized (doc) {
            doc.stage = stage;
            doc.changed = false;
            status.recordProgress(doc.docId, doc.progress(nanoClock.getAsLong()));
        }
        if (stage != Stage.EXTRACTING) {
            messages.add(doc.fileName + ": " + stage.value());
        }
    }

    private String fileName(String docId) {
        return status.record(docId).map(DocStatusRecord::filePath).orElse(docId);
    }

    /** One document's live figures; guarded by its own monitor. */
    private final class Live {
        final String docId;
        final String fileName;
        final Set<String> done = new LinkedHashSet<>();
        Integer total;
        Stage stage;
        ExtractionPace pace;
        boolean changed;
        long lastLogged = Long.MIN_VALUE / 2;

        Live(String docId, String fileName) {
            this.docId = docId;
            this.fileName = fileName;
        }

        DocProgress progress(long now) {
            Double eta = null;
            if (stage == Stage.EXTRACTING && total != null && pace != null) {
                Double rate = pace.chunksPerSecond(now);
                if (rate != null && rate > 0) {
                    eta = (total - done.size()) / rate;
                }
            }
            // while chunking, the figures of an earlier run stay as they are
            Integer doneCount = total == null ? null : done.size();
            return new DocProgress(doneCount, total, stage == null ? null : stage.value(), eta);
        }
    }
}
