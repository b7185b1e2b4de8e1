package dev.librarian.status;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.intake.DocumentIds;
import dev.librarian.intake.IncomingDocument;
import dev.librarian.model.Chunk;
import dev.librarian.store.KvStore;
import dev.librarian.store.LightRagJson;
import dev.librarian.store.Transactions;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Document status as a Camel idempotent repository over the store's {@code doc_status} namespace. Registering a
 * document ({@link #add(Exchange, String)}) stores its text ({@code full_docs}) and a {@code pending} record,
 * both in one transaction before it returns, so accepted input survives a crash. The pipeline moves records on with
 * {@link #markProcessing}, {@link #markProcessed} and {@link #markFailed}. Every change is committed at once, except
 * extraction progress ({@link #recordProgress}), which is written with the next {@link #flushProgress()} rather
 * than for every chunk. Progress lives in the record's {@code metadata} ({@code chunks_done},
 * {@code chunks_total}, {@code stage}, {@code eta_seconds}): LightRAG builds its status objects from the top-level
 * keys and skips a record with a key it does not know.
 * <p>
 * A change is decided in this repository's turn and written outside it, so readers, accepts and other documents
 * never wait for a write that waits for the store; the changes of one document are written one after the other.
 * Readers see committed records and the progress not written yet.
 */
public final class DocStatusRepository extends ServiceSupport implements IdempotentRepository {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    private static final String DUPLICATE_PREFIX = "dup-";
    private static final Runnable NOTHING_ALONGSIDE = () -> { };
    /** Exchange property set by {@link #add(Exchange, String)}: the id of the version a new text replaces. */
    public static final String REPLACED = "replacedDocId";

    private final KvStore status;
    private final KvStore fullDocs;
    private final Transactions transactions;
    /**
     * Progress recorded since the last {@link #flushProgress()}: newer than the stored record, not yet written.
     * Records are immutable, so readers take them without this repository's turn.
     */
    private final Map<String, DocStatusRecord> unsavedProgress = new ConcurrentHashMap<>();
    private final Clock clock;
    private final ChunkOptions chunkOptions;
    private final List<String> leftUnfinished;
    /** content_hash → id of the live (not failed) document holding that text, for LightRAG's duplicate check. */
    private final Map<String, String> documentByContent = new HashMap<>();
    /** The text each live document holds (the reverse of {@link #documentByContent}). */
    private final Map<String, String> contentByDocument = new HashMap<>();
    /** Documents being deleted: a new version under the same id waits until the deletion is over. */
    private final Set<String> deleting = new HashSet<>();
    /** Documents whose record is being written: the next change of the same document waits for it. */
    private final Set<String> writing = new HashSet<>();
    private final List<StatusListener> listeners = new CopyOnWriteArrayList<>();

    public DocStatusRepository(KvStore status, KvStore fullDocs, Transactions transactions, Clock clock,
                               ChunkOptions chunkOptions) {
        this.status = status;
        this.fullDocs = fullDocs;
        this.transactions = transactions;
        this.clock = clock;
        this.chunkOptions = chunkOptions;
        Map<String, DocStatusRecord> stored = all();
        this.leftUnfinished = findUnfinished(stored);
        dropUnregisteredTexts();
        stored.forEach((id, rec) -> {
            if (!id.startsWith(DUPLICATE_PREFIX) && !rec.is(DocStatus.FAILED) && rec.contentHash() != null
                    && !documentByContent.containsKey(rec.contentHash())) {
                holdContent(id, rec.contentHash());
            }
        });
    }

    /**
     * A text is registered before its status record; a crash between the two writes leaves a text nobody was told
     * was accepted (the inbox file is still there, the HTTP client got no answer), so it is dropped.
     */
    private void dropUnregisteredTexts() {
        List<String> orphans = fullDocs.keys().stream().filter(id -> !status.contains(id)).toList();
        if (!orphans.isEmpty()) {
            transactions.run(() -> orphans.forEach(fullDocs::delete));
        }
    }

    /** A document is known when a record with the same content exists and did not fail. */
    @Override
    public boolean contains(String key) {
        return indexesContent(record(IncomingDocument.docIdOf(key)), IncomingDocument.contentHashOf(key));
    }

    /** True when {@code record} is of a document (not failed) with the text of {@code contentHash}. */
    private static boolean indexesContent(Optional<DocStatusRecord> record, String contentHash) {
        return record.filter(r -> contentHash.equals(r.contentHash())).filter(r -> !r.is(DocStatus.FAILED))
                .isPresent();
    }

    @Override
    public boolean add(String key) {
        throw new UnsupportedOperationException("registering a document needs the exchange that carries it");
    }

    /**
     * Registers the {@link IncomingDocument} in the exchange body as pending; false when it is a duplicate. The
     * checks and a reservation of the document's id and text happen in this repository's turn; the durable write
     * happens outside it, so concurrent accepts commit together and status readers do not wait for the store.
     */
    @Override
    public boolean add(Exchange exchange, String key) {
        IncomingDocument doc = exchange.getMessage().getBody(IncomingDocument.class);
        if (doc == null) {
            throw new IllegalArgumentException("expected an IncomingDocument body to register " + key);
        }
        Registration registration;
        Change duplicate = null;
        synchronized (this) {
            String docId = IncomingDocument.docIdOf(key);
            awaitTurnOf(docId);
            // read once: concurrent accepts take this turn one at a time
            Optional<DocStatusRecord> current = record(docId);
            if (indexesContent(current, IncomingDocument.contentHashOf(key))) {
                return false;
            }
            String original = documentByContent.get(doc.contentHash());
            if (original != null && !original.equals(doc.docId())) {
                duplicate = duplicateOf(doc, original);
                registration = null;
            } else {
                registration = reserve(doc, current);
            }
        }
        if (duplicate != null) {
            duplicate.write(transactions::runShared);
            return false;
        }
        if (registration.replaces()) {
            exchange.setProperty(REPLACED, doc.docId());
        }
        boolean written = false;
        try {
            transactions.runShared(() -> {
                fullDocs.upsert(doc.docId(), registration.text());
                status.upsert(doc.docId(), registration.status().toJson());
            });
            written = true;
            notifyListeners(doc.docId(), registration.status());
        } finally {
            settle(registration, written);
        }
        return true;
    }

    /** A registration between its reservation and its commit. */
    private record Registration(IncomingDocument doc, ObjectNode text, DocStatusRecord status, String previousHash,
                                boolean replaces) {
    }

    /**
     * New records of one or more documents, decided in this repository's turn and written outside it; the next
     * change of each of these documents waits until this one is written (or failed).
     */
    private final class Change {
        /** The new record of each document; null when the document's record is removed. */
        private final Map<String, DocStatusRecord> records;
        private final Runnable alongside;
        /** False for progress, which listeners were told about when it was recorded. */
        private final boolean announced;

        private Change(Map<String, DocStatusRecord> records, Runnable alongside, boolean announced) {
            this.records = records;
            this.alongside = alongside;
            this.announced = announced;
        }

        Set<String> docIds() {
            return records.keySet();
        }

        /** Writes the records (and what goes with them) in one transaction run by {@code transaction}. */
        void write(Consumer<Runnable> transaction) {
            if (records.isEmpty()) {
                return;
            }
            try {
                transaction.accept(() -> {
                    alongside.run();
                    records.forEach((docId, record) -> {
                        if (record == null) {
                            status.delete(docId);
                        } else {
                            status.upsert(docId, record.toJson());
                        }
                    });
                });
                // readers saw the unsaved progress until now, never the older committed record
                records.keySet().forEach(unsavedProgress::remove);
                if (announced) {
                    records.forEach((docId, record) -> {
                        if (record != null) {
                            notifyListeners(docId, record);
                        }
                    });
                }
            } finally {
                written(records.keySet());
            }
        }
    }

    /**
     * Changes one document: in this repository's turn, once the write of the document's previous change is over,
     * {@code decide} turns its current record into the change to write ({@link #changeTo}, {@link #removalOf}), or
     * null when there is nothing to change. The change is written outside the turn by {@code transaction}.
     *
     * @return whether there was a change
     */
    private boolean update(String docId, Consumer<Runnable> transaction,
                           Function<Optional<DocStatusRecord>, Change> decide) {
        Change change;
        synchronized (this) {
            awaitWriteOf(docId);
            change = decide.apply(record(docId));
        }
        if (change == null) {
            return false;
        }
        change.write(transaction);
        return true;
    }

    private boolean update(String docId, Function<Optional<DocStatusRecord>, Change> decide) {
        return update(docId, transactions::runShared, decide);
    }

    /** Claims the document's turn (waiting for a write of it in progress) to write {@code record}. */
    private Change changeTo(String docId, DocStatusRecord record, Runnable alongside) {
        awaitWriteOf(docId);
        Map<String, DocStatusRecord> one = new LinkedHashMap<>();
        one.put(docId, record);
        return claim(one, alongside, true);
    }

    private Change changeTo(String docId, DocStatusRecord record) {
        return changeTo(docId, record, NOTHING_ALONGSIDE);
    }

    /** Claims the document's turn (waiting for a write of it in progress) to remove its record. */
    private Change removalOf(String docId, Runnable alongside) {
        return changeTo(docId, null, alongside);
    }

    /**
     * Claims the turn of those of {@code candidates} that are not being written, without waiting for the others
     * (they are left for a later change), to write their new records together.
     */
    private Change claimFree(Map<String, DocStatusRecord> candidates, boolean announced) {
        Map<String, DocStatusRecord> free = new LinkedHashMap<>(candidates);
        free.keySet().removeAll(writing);
        return claim(free, NOTHING_ALONGSIDE, announced);
    }

    private Change claim(Map<String, DocStatusRecord> records, Runnable alongside, boolean announced) {
        writing.addAll(records.keySet());
        return new Change(records, alongside, announced);
    }

    private synchronized void written(Set<String> docIds) {
        writing.removeAll(docIds);
        notifyAll();
    }

    /** Waits while the document is being deleted or another version of it is being written. */
    private void awaitTurnOf(String docId) {
        while (deleting.contains(docId) || writing.contains(docId)) {
            await(docId);
        }
    }

    private void awaitWriteOf(String docId) {
        while (writing.contains(docId)) {
            await(docId);
        }
    }

    private void await(String docId) {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to write the status of " + docId, e);
        }
    }

    /**
     * The same text under another name: like LightRAG, not indexed twice (relation weights would double) but
     * recorded as a failed {@code dup-} record that points at the original.
     */
    private Change duplicateOf(IncomingDocument doc, String originalId) {
        DocStatusRecord original = required(originalId, record(originalId));
        String now = now();
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put("is_duplicate", true);
        meta.put("duplicate_kind", "content_hash");
        meta.put("original_doc_id", originalId);
        meta.put("original_track_id", Objects.requireNonNullElse(original.trackId(), ""));
        DocStatusRecord rec = new DocStatusRecord(DocStatus.FAILED.value(),
                "[DUPLICATE:content_hash] Original document: " + originalId, codePoints(doc.text()), now, now,
                doc.fileName(), doc.trackId(), null,
                "same content as " + Objects.requireNonNullElse(original.filePath(), "") + " (" + originalId + ")",
                meta, null, null, null);
        return changeTo(DUPLICATE_PREFIX + DocumentIds.md5Hex(doc.docId() + "-" + doc.trackId() + "-0-"
                + doc.fileName()), rec);
    }

    /**
     * Builds the document's text and pending records over {@code earlier} (its current record) and claims its id and
     * text for it.
     */
    private Registration reserve(IncomingDocument doc, Optional<DocStatusRecord> earlier) {
        ObjectNode full = JsonNodeFactory.instance.objectNode();
        full.put("content", doc.text());
        full.put("file_path", doc.fileName());
        full.put("parse_format", "raw");
        full.put("content_hash", doc.contentHash());
        full.put("process_options", "F");
        full.set("chunk_options", chunkOptions.toJson());
        String now = now();
        ObjectNode meta = LightRagJson.mapper().valueToTree(doc.metadata());
        List<String> stillIndexed = earlier.map(DocStatusRecord::indexedChunkIds).orElse(List.of());
        if (!stillIndexed.isEmpty()) {
            stillIndexed.forEach(meta.putArray(DocStatusRecord.INDEXED_CHUNKS)::add);
        }
        DocStatusRecord rec = new DocStatusRecord(DocStatus.PENDING.value(), DocumentIds.contentSummary(doc.text()),
                codePoints(doc.text()), earlier.map(DocStatusRecord::createdAt).orElse(now), now, doc.fileName(),
                doc.trackId(), doc.contentHash(), "", meta, null, null, null);
        boolean replaces = earlier.map(r -> r.contentHash() != null).orElse(false);
        String previousHash = contentByDocument.get(doc.docId());
        writing.add(doc.docId());
        // progress of an earlier version must not be flushed over the new record
        unsavedProgress.remove(doc.docId());
        holdContent(doc.docId(), doc.contentHash());
        return new Registration(doc, full, rec, previousHash, replaces);
    }

    private static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Ends a reservation: kept when the records were written, given back (the earlier version's text too) if not. */
    private synchronized void settle(Registration registration, boolean written) {
        String docId = registration.doc().docId();
        writing.remove(docId);
        if (!written) {
            releaseContent(docId);
            if (registration.previousHash() != null && !documentByContent.containsKey(registration.previousHash())) {
                holdContent(docId, registration.previousHash());
            }
        }
        notifyAll();
    }

    private void holdContent(String docId, String contentHash) {
        releaseContent(docId);
        documentByContent.put(contentHash, docId);
        contentByDocument.put(docId, contentHash);
    }

    private void releaseContent(String docId) {
        String hash = contentByDocument.remove(docId);
        if (hash != null) {
            documentByContent.remove(hash, docId);
        }
    }

    /** Forgets a registration whose acceptance failed half-way. */
    @Override
    public boolean remove(String key) {
        String docId = IncomingDocument.docIdOf(key);
        return update(docId, current -> {
            if (!current.map(r -> r.is(DocStatus.PENDING)).orElse(false)) {
                return null;
            }
            releaseContent(docId);
            return removalOf(docId, NOTHING_ALONGSIDE);
        });
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("document status is only cleared by deleting documents");
    }

    /** Moves the document to processing; {@code alongside} (its chunk records) is written in the same transaction. */
    public void markProcessing(String docId, List<Chunk> chunks, Runnable alongside) {
        update(docId, transactions::run, current -> changeTo(docId, required(docId, current)
                .withState(DocStatus.PROCESSING.value(), now(), "")
                .withChunks(chunks.stream().map(Chunk::id).toList())
                .withMetadata(meta -> {
                    meta.put("process_start_time", clock.instant().getEpochSecond());
                    meta.put("chunk_method", "fixed_token");
                    meta.put("chunk_opts", chunkOptions.summary());
                    meta.put(DocProgress.CHUNKS_TOTAL, chunks.size());
                }), alongside));
    }

    public void markProcessed(String docId) {
        update(docId, current -> {
            DocStatusRecord rec = required(docId, current);
            int total = rec.chunksCount() != null ? rec.chunksCount()
                    : Objects.requireNonNullElse(rec.progress().chunksTotal(), 0);
            return changeTo(docId, rec.withState(DocStatus.PROCESSED.value(), now(), "").withMetadata(meta -> {
                meta.put("process_end_time", clock.instant().getEpochSecond());
                // the earlier version's chunks left the index with this version's write
                meta.remove(DocStatusRecord.INDEXED_CHUNKS);
                DocProgress.finished(total, total).writeTo(meta);
            }));
        });
    }

    /** Marks the document failed with a reason that is never empty. */
    public void markFailed(String docId, String reason) {
        update(docId, current -> {
            releaseContent(docId);
            DocStatusRecord rec = current.orElseGet(DocStatusRecord::empty);
            String why = reason == null || reason.isBlank() ? "failed for an unknown reason" : reason;
            DocStatusRecord failed = rec.withState(DocStatus.FAILED.value(), now(),
                    rec.hasMetadata(DocStatusRecord.INDEXED_CHUNKS) ? why + " (the previous version stays indexed)"
                            : why);
            if (rec.hasMetadata(DocProgress.STAGE)) {
                failed = failed.withMetadata(rec.progress().stopped()::writeTo);
            }
            return changeTo(docId, failed);
        });
    }

    /**
     * Writes a document's progress into its record; it reaches the disk with the next status change or
     * {@link #flushProgress()}. A document that has already finished keeps its final figures, and progress that
     * arrives while the document's record is being written is left out (the next report carries it).
     */
    public synchronized void recordProgress(String docId, DocProgress progress) {
        if (writing.contains(docId)) {
            return;
        }
        Optional<DocStatusRecord> found = record(docId);
        if (found.isEmpty() || found.get().isSettled()) {
            return;
        }
        DocStatusRecord rec = found.get().withMetadata(progress::writeTo);
        unsavedProgress.put(docId, rec);
        notifyListeners(docId, rec);
    }

    /**
     * Writes the progress recorded since the last call, in one transaction; nothing when there is none. Progress of
     * a document being written is left for the next call.
     */
    public void flushProgress() {
        Change flush;
        synchronized (this) {
            flush = claimFree(unsavedProgress, false);
        }
        flush.write(transactions::run);
    }

    /** Told about every change of a record (status or progress), in the order the changes were made. */
    public void addListener(StatusListener listener) {
        listeners.add(listener);
    }

    /** Records input that never became a document (empty or binary file), so the user can see why. */
    public void recordRejected(String fileName, String reason) {
        String name = DocumentIds.canonicalFileName(fileName);
        String docId = DocumentIds.docId(name, "");
        update(docId, current -> {
            String now = now();
            DocStatusRecord was = current.orElseGet(DocStatusRecord::empty);
            ObjectNode meta = was.metadata() != null ? was.metadata()
                    : JsonNodeFactory.instance.objectNode().put("source_file", name);
            return changeTo(docId, new DocStatusRecord(DocStatus.FAILED.value(), "", 0,
                    Objects.requireNonNullElse(was.createdAt(), now), now, name,
                    Objects.requireNonNullElse(was.trackId(), ""), was.contentHash(),
                    reason == null || reason.isBlank() ? "rejected for an unknown reason" : reason,
                    meta, was.chunksCount(), was.chunksList(), was.extras()));
        });
    }

    /**
     * Documents the previous run left pending or processing, as found when the store was opened (documents
     * accepted since then are queued by their own intake): they resume at start-up.
     */
    public List<String> leftUnfinished() {
        return leftUnfinished;
    }

    private List<String> findUnfinished(Map<String, DocStatusRecord> stored) {
        List<String> ids = new ArrayList<>();
        stored.forEach((id, rec) -> {
            if ((rec.is(DocStatus.PENDING) || rec.is(DocStatus.PROCESSING)) && fullDocs.contains(id)) {
                ids.add(id);
            }
        });
        return ids;
    }

    /**
     * Puts every failed document whose text is kept back to pending (duplicate and rejected-input records have
     * none) and returns their ids, oldest first, for the pipeline to take up again. A document being written or
     * deleted is left as it is.
     */
    public List<String> retryFailed() {
        Change retry;
        synchronized (this) {
            String now = now();
            Map<String, DocStatusRecord> failed = new LinkedHashMap<>();
            all().forEach((id, rec) -> {
                if (rec.is(DocStatus.FAILED) && fullDocs.contains(id) && !deleting.contains(id)) {
                    failed.put(id, rec.withState(DocStatus.PENDING.value(), now, ""));
                }
            });
            retry = claimFree(failed, true);
        }
        retry.write(transactions::run);
        return new ArrayList<>(retry.docIds());
    }

    /**
     * Claims a document for deletion if it is settled (processed or failed); false when it is unknown or still
     * pending or processing. Until {@link #forget} or {@link #deletionFailed}, a new version waits.
     */
    public synchronized boolean beginDeletion(String docId) {
        awaitWriteOf(docId);
        boolean settled = record(docId).map(DocStatusRecord::isSettled).orElse(false);
        if (settled) {
            deleting.add(docId);
        }
        return settled;
    }

    /**
     * Removes a deleted document's status record and text. {@code writeWithIndex} writes the rest of the deletion
     * and runs the runnable it is given inside that same transaction, so the store holds the document whole or not
     * at all.
     */
    public void forget(String docId, Consumer<Runnable> writeWithIndex) {
        update(docId, writeWithIndex, current -> removalOf(docId, () -> fullDocs.delete(docId)));
        synchronized (this) {
            unsavedProgress.remove(docId);
            releaseContent(docId);
            endDeletion(docId);
        }
        // followers (the event stream, the page) learn that the record is gone
        notifyListeners(docId, DocStatusRecord.deleted(now()));
    }

    /** The deletion did not happen: the document stays as it was, with the reason in its error_msg. */
    public void deletionFailed(String docId, String reason) {
        try {
            update(docId, current -> current.map(rec -> changeTo(docId, rec.withState(rec.status(), now(),
                    "deletion failed: " + (reason == null || reason.isBlank() ? "unknown reason" : reason))))
                    .orElse(null));
        } finally {
            synchronized (this) {
                endDeletion(docId);
            }
        }
    }

    private void endDeletion(String docId) {
        deleting.remove(docId);
        notifyAll();
    }

    /** The document's record as last committed, with the progress recorded since. */
    public Optional<DocStatusRecord> record(String docId) {
        DocStatusRecord unsaved = unsavedProgress.get(docId);
        return unsaved != null ? Optional.of(unsaved) : status.get(docId).map(DocStatusRecord::fromJson);
    }

    /** Every record (with the progress recorded since the last write), in insertion order. */
    public Map<String, DocStatusRecord> all() {
        // the committed records first, then the progress newer than them
        Map<String, DocStatusRecord> all = new LinkedHashMap<>(status.collect(DocStatusRecord::fromJson));
        unsavedProgress.forEach(all::replace);
        return all;
    }

    /** Current status of a document, if it is known; never ahead of what the store holds. */
    public Optional<DocStatus> statusOf(String docId) {
        return record(docId).map(r -> DocStatus.of(Objects.requireNonNullElse(r.status(), "failed")));
    }

    /** How many documents are in each state (no record is copied). */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (DocStatus s : DocStatus.values()) {
            counts.put(s.value(), 0);
        }
        status.countBy(r -> r.path("status").asText("failed")).forEach((s, n) -> counts.merge(s, n, Integer::sum));
        return counts;
    }

    private static DocStatusRecord required(String docId, Optional<DocStatusRecord> record) {
        return record.orElseThrow(() -> new IllegalStateException("no status record for " + docId));
    }

    private void notifyListeners(String docId, DocStatusRecord rec) {
        for (StatusListener listener : listeners) {
            listener.changed(docId, rec);
        }
    }

    private String now() {
        return OffsetDateTime.now(clock).format(ISO);
    }
}
