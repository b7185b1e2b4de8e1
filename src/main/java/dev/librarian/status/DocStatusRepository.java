package dev.librarian.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.documents.IncomingDocument;
import dev.librarian.intake.DocumentIds;
import dev.librarian.model.Chunk;
import dev.librarian.store.KvStore;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

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
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String DUPLICATE_PREFIX = "dup-";
    /**
     * Metadata of a new version: the chunks of the earlier version that are still in the index until this one is
     * processed (and stay there if it fails).
     */
    public static final String INDEXED_CHUNKS = "indexed_chunks";
    /** Exchange property set by {@link #add(Exchange, String)}: the id of the version a new text replaces. */
    public static final String REPLACED = "replacedDocId";

    private final KvStore status;
    private final KvStore fullDocs;
    private final Transactions transactions;
    /**
     * Progress recorded since the last {@link #flushProgress()}: newer than the stored record, not yet written. A
     * record put here is not changed afterwards, so readers copy it without this repository's turn.
     */
    private final Map<String, ObjectNode> unsavedProgress = new ConcurrentHashMap<>();
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
        this.leftUnfinished = findUnfinished();
        dropUnregisteredTexts();
        status.forEach((id, rec) -> {
            if (!id.startsWith(DUPLICATE_PREFIX) && !DocStatus.FAILED.value().equals(rec.path("status").asText())
                    && rec.hasNonNull("content_hash") && !documentByContent.containsKey(rec.get("content_hash").asText())) {
                holdContent(id, rec.get("content_hash").asText());
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
        return record(IncomingDocument.docIdOf(key))
                .filter(r -> r.path("content_hash").asText().equals(IncomingDocument.contentHashOf(key)))
                .filter(r -> !DocStatus.FAILED.value().equals(r.path("status").asText()))
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
            awaitTurnOf(IncomingDocument.docIdOf(key));
            if (contains(key)) {
                return false;
            }
            String original = documentByContent.get(doc.contentHash());
            if (original != null && !original.equals(doc.docId())) {
                duplicate = duplicateOf(doc, original);
                registration = null;
            } else {
                registration = reserve(doc);
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
                status.upsert(doc.docId(), registration.status());
            });
            written = true;
            notifyListeners(doc.docId(), registration.status());
        } finally {
            settle(registration, written);
        }
        return true;
    }

    /** A registration between its reservation and its commit. */
    private record Registration(IncomingDocument doc, ObjectNode text, ObjectNode status, String previousHash,
                                boolean replaces) {
    }

    /**
     * A record's new version, decided in this repository's turn and written outside it; the document's next change
     * waits until this one is written (or failed).
     */
    private final class Change {
        private final String docId;
        private final ObjectNode record;
        private final Runnable alongside;

        private Change(String docId, ObjectNode record, Runnable alongside) {
            this.docId = docId;
            this.record = record;
            this.alongside = alongside;
        }

        /** Writes the record (and what goes with it) in one transaction run by {@code transaction}. */
        void write(Consumer<Runnable> transaction) {
            try {
                transaction.accept(() -> {
                    alongside.run();
                    if (record == null) {
                        status.delete(docId);
                    } else {
                        status.upsert(docId, record);
                    }
                });
                // readers saw the unsaved progress until now, never the older committed record
                unsavedProgress.remove(docId);
                if (record != null) {
                    notifyListeners(docId, record);
                }
            } finally {
                written(List.of(docId));
            }
        }
    }

    /** Claims the document's turn to write (waiting for a write of it in progress) and returns its change. */
    private Change change(String docId, ObjectNode record, Runnable alongside) {
        awaitWriteOf(docId);
        writing.add(docId);
        return new Change(docId, record, alongside);
    }

    private Change change(String docId, ObjectNode record) {
        return change(docId, record, () -> { });
    }

    private synchronized void written(List<String> docIds) {
        docIds.forEach(writing::remove);
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
        ObjectNode original = required(originalId);
        String now = now();
        ObjectNode rec = JSON.objectNode();
        rec.put("status", DocStatus.FAILED.value());
        rec.put("content_summary", "[DUPLICATE:content_hash] Original document: " + originalId);
        rec.put("content_length", doc.text().codePointCount(0, doc.text().length()));
        rec.put("created_at", now);
        rec.put("updated_at", now);
        rec.put("file_path", doc.fileName());
        rec.put("track_id", doc.trackId());
        rec.put("error_msg", "same content as " + original.path("file_path").asText() + " (" + originalId + ")");
        ObjectNode meta = rec.putObject("metadata");
        meta.put("is_duplicate", true);
        meta.put("duplicate_kind", "content_hash");
        meta.put("original_doc_id", originalId);
        meta.put("original_track_id", original.path("track_id").asText());
        return change(DUPLICATE_PREFIX + DocumentIds.md5Hex(doc.docId() + "-" + doc.trackId() + "-0-" + doc.fileName()),
                rec);
    }

    /** Builds the document's text and pending records and claims its id and text for it. */
    private Registration reserve(IncomingDocument doc) {
        ObjectNode full = JSON.objectNode();
        full.put("content", doc.text());
        full.put("file_path", doc.fileName());
        full.put("parse_format", "raw");
        full.put("content_hash", doc.contentHash());
        full.put("process_options", "F");
        full.set("chunk_options", chunkOptions.toJson());
        String now = now();
        ObjectNode rec = JSON.objectNode();
        rec.put("status", DocStatus.PENDING.value());
        rec.put("content_summary", DocumentIds.contentSummary(doc.text()));
        rec.put("content_length", doc.text().codePointCount(0, doc.text().length()));
        rec.put("created_at", record(doc.docId()).map(r -> r.path("created_at").asText(now)).orElse(now));
        rec.put("updated_at", now);
        rec.put("file_path", doc.fileName());
        rec.put("track_id", doc.trackId());
        rec.put("content_hash", doc.contentHash());
        rec.put("error_msg", "");
        ObjectNode meta = toJson(doc.metadata());
        rec.set("metadata", meta);
        Optional<ObjectNode> earlier = record(doc.docId());
        boolean replaces = earlier.map(r -> r.hasNonNull("content_hash")).orElse(false);
        indexedChunks(earlier).ifPresent(chunks -> meta.set(INDEXED_CHUNKS, chunks));
        String previousHash = contentByDocument.get(doc.docId());
        writing.add(doc.docId());
        // progress of an earlier version must not be flushed over the new record
        unsavedProgress.remove(doc.docId());
        holdContent(doc.docId(), doc.contentHash());
        return new Registration(doc, full, rec, previousHash, replaces);
    }

    /**
     * The chunks of a document's version that is in the index: a processed record's chunks, or the chunks an
     * unfinished or failed new version keeps from the version before it.
     */
    private static Optional<ArrayNode> indexedChunks(Optional<ObjectNode> record) {
        return record.flatMap(r -> {
            if (DocStatus.PROCESSED.value().equals(r.path("status").asText())
                    && r.get("chunks_list") instanceof ArrayNode list) {
                return Optional.of(list.deepCopy());
            }
            return r.path("metadata").get(INDEXED_CHUNKS) instanceof ArrayNode kept
                    ? Optional.of(kept.deepCopy()) : Optional.empty();
        });
    }

    /**
     * The chunk ids of the document's version that is in the index; empty when none is (never processed, or only a
     * first version that has not finished).
     */
    public static List<String> indexedChunkIds(ObjectNode record) {
        List<String> ids = new ArrayList<>();
        indexedChunks(Optional.of(record)).ifPresent(list -> list.forEach(id -> ids.add(id.asText())));
        return ids;
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
        Change removal;
        synchronized (this) {
            awaitWriteOf(docId);
            boolean pending = record(docId).map(r -> DocStatus.PENDING.value().equals(r.path("status").asText()))
                    .orElse(false);
            if (!pending) {
                return false;
            }
            releaseContent(docId);
            removal = change(docId, null);
        }
        removal.write(transactions::runShared);
        return true;
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
        Change processing;
        synchronized (this) {
            awaitWriteOf(docId);
            ObjectNode rec = required(docId);
            rec.put("status", DocStatus.PROCESSING.value());
            rec.put("updated_at", now());
            rec.put("chunks_count", chunks.size());
            ArrayNode list = rec.putArray("chunks_list");
            chunks.forEach(c -> list.add(c.id()));
            rec.put("error_msg", "");
            ObjectNode meta = metadata(rec);
            meta.put("process_start_time", clock.instant().getEpochSecond());
            meta.put("chunk_method", "fixed_token");
            meta.put("chunk_opts", chunkOptions.summary());
            meta.put(DocProgress.CHUNKS_TOTAL, chunks.size());
            processing = change(docId, rec, alongside);
        }
        processing.write(transactions::run);
    }

    public void markProcessed(String docId) {
        Change processed;
        synchronized (this) {
            awaitWriteOf(docId);
            ObjectNode rec = required(docId);
            rec.put("status", DocStatus.PROCESSED.value());
            rec.put("updated_at", now());
            rec.put("error_msg", "");
            ObjectNode meta = metadata(rec);
            meta.put("process_end_time", clock.instant().getEpochSecond());
            // the earlier version's chunks left the index with this version's write
            meta.remove(INDEXED_CHUNKS);
            int total = rec.path("chunks_count").asInt(meta.path(DocProgress.CHUNKS_TOTAL).asInt(0));
            DocProgress.finished(total, total).writeTo(meta);
            processed = change(docId, rec);
        }
        processed.write(transactions::runShared);
    }

    /** Marks the document failed with a reason that is never empty. */
    public void markFailed(String docId, String reason) {
        Change failed;
        synchronized (this) {
            awaitWriteOf(docId);
            releaseContent(docId);
            ObjectNode rec = record(docId).orElseGet(JSON::objectNode);
            rec.put("status", DocStatus.FAILED.value());
            rec.put("updated_at", now());
            String why = reason == null || reason.isBlank() ? "failed for an unknown reason" : reason;
            boolean earlierIndexed = rec.path("metadata").has(INDEXED_CHUNKS);
            rec.put("error_msg", earlierIndexed ? why + " (the previous version stays indexed)" : why);
            if (rec.get("metadata") instanceof ObjectNode meta && meta.has(DocProgress.STAGE)) {
                DocProgress.of(meta).stopped().writeTo(meta);
            }
            failed = change(docId, rec);
        }
        failed.write(transactions::runShared);
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
        Optional<ObjectNode> found = record(docId);
        if (found.isEmpty()) {
            return;
        }
        ObjectNode rec = found.get();
        String s = rec.path("status").asText();
        if (DocStatus.PROCESSED.value().equals(s) || DocStatus.FAILED.value().equals(s)) {
            return;
        }
        progress.writeTo(metadata(rec));
        unsavedProgress.put(docId, rec);
        notifyListeners(docId, rec);
    }

    /** Writes the progress recorded since the last call, in one transaction; nothing when there is none. */
    public void flushProgress() {
        Map<String, ObjectNode> unsaved = new LinkedHashMap<>();
        synchronized (this) {
            unsavedProgress.forEach((id, rec) -> {
                if (!writing.contains(id)) {
                    unsaved.put(id, rec);
                }
            });
            writing.addAll(unsaved.keySet());
        }
        if (unsaved.isEmpty()) {
            return;
        }
        try {
            transactions.run(() -> unsaved.forEach(status::upsert));
            // readers keep seeing the unsaved record until the store holds it
            unsaved.forEach(unsavedProgress::remove);
        } finally {
            written(List.copyOf(unsaved.keySet()));
        }
    }

    /** Told about every change of a record (status or progress), in the order the changes were made. */
    public void addListener(StatusListener listener) {
        listeners.add(listener);
    }

    /** Records input that never became a document (empty or binary file), so the user can see why. */
    public void recordRejected(String fileName, String reason) {
        String name = DocumentIds.canonicalFileName(fileName);
        String docId = DocumentIds.docId(name, "");
        Change rejected;
        synchronized (this) {
            awaitWriteOf(docId);
            String now = now();
            ObjectNode rec = record(docId).orElseGet(JSON::objectNode);
            rec.put("status", DocStatus.FAILED.value());
            rec.put("content_summary", "");
            rec.put("content_length", 0);
            if (!rec.has("created_at")) {
                rec.put("created_at", now);
            }
            rec.put("updated_at", now);
            rec.put("file_path", name);
            rec.put("track_id", rec.path("track_id").asText(""));
            rec.put("error_msg", reason == null || reason.isBlank() ? "rejected for an unknown reason" : reason);
            if (!rec.has("metadata")) {
                rec.putObject("metadata").put("source_file", name);
            }
            rejected = change(docId, rec);
        }
        rejected.write(transactions::runShared);
    }

    /**
     * Documents the previous run left pending or processing, as found when the store was opened (documents
     * accepted since then are queued by their own intake): they resume at start-up.
     */
    public List<String> leftUnfinished() {
        return leftUnfinished;
    }

    private List<String> findUnfinished() {
        List<String> ids = new ArrayList<>();
        status.forEach((id, rec) -> {
            String s = rec.path("status").asText();
            if ((DocStatus.PENDING.value().equals(s) || DocStatus.PROCESSING.value().equals(s))
                    && fullDocs.contains(id)) {
                ids.add(id);
            }
        });
        return ids;
    }

    /**
     * Puts every failed document whose text is kept back to pending (duplicate and rejected-input records have
     * none) and returns their ids, oldest first, for the pipeline to take up again.
     */
    public List<String> retryFailed() {
        Map<String, ObjectNode> retried = new LinkedHashMap<>();
        synchronized (this) {
            all().forEach((id, rec) -> {
                if (DocStatus.FAILED.value().equals(rec.path("status").asText()) && fullDocs.contains(id)
                        && !deleting.contains(id) && !writing.contains(id)) {
                    rec.put("status", DocStatus.PENDING.value());
                    rec.put("updated_at", now());
                    rec.put("error_msg", "");
                    retried.put(id, rec);
                }
            });
            retried.keySet().forEach(writing::add);
        }
        if (retried.isEmpty()) {
            return List.of();
        }
        try {
            transactions.run(() -> retried.forEach(status::upsert));
            retried.forEach(this::notifyListeners);
        } finally {
            written(List.copyOf(retried.keySet()));
        }
        return new ArrayList<>(retried.keySet());
    }

    /**
     * Claims a document for deletion if it is settled (processed or failed); false when it is unknown or still
     * pending or processing. Until {@link #forget} or {@link #deletionFailed}, a new version waits.
     */
    public synchronized boolean beginDeletion(String docId) {
        awaitWriteOf(docId);
        boolean settled = statusOf(docId).map(s -> s == DocStatus.PROCESSED || s == DocStatus.FAILED).orElse(false);
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
        Change removal;
        synchronized (this) {
            removal = change(docId, null, () -> fullDocs.delete(docId));
        }
        removal.write(writeWithIndex);
        synchronized (this) {
            unsavedProgress.remove(docId);
            releaseContent(docId);
            endDeletion(docId);
        }
        // followers (the event stream, the page) learn that the record is gone
        ObjectNode gone = JSON.objectNode();
        gone.put("status", "deleted");
        gone.put("updated_at", now());
        notifyListeners(docId, gone);
    }

    /** The deletion did not happen: the document stays as it was, with the reason in its error_msg. */
    public void deletionFailed(String docId, String reason) {
        Change kept = null;
        synchronized (this) {
            awaitWriteOf(docId);
            Optional<ObjectNode> found = record(docId);
            if (found.isPresent()) {
                ObjectNode rec = found.get();
                rec.put("error_msg", "deletion failed: "
                        + (reason == null || reason.isBlank() ? "unknown reason" : reason));
                rec.put("updated_at", now());
                kept = change(docId, rec);
            }
        }
        try {
            if (kept != null) {
                kept.write(transactions::runShared);
            }
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

    /** The document's record as last committed, with the progress recorded since; a copy. */
    public Optional<ObjectNode> record(String docId) {
        ObjectNode unsaved = unsavedProgress.get(docId);
        return unsaved != null ? Optional.of(unsaved.deepCopy()) : status.get(docId);
    }

    /** Copies of every record (with the progress recorded since the last write), in insertion order. */
    public Map<String, ObjectNode> all() {
        Map<String, ObjectNode> all = new LinkedHashMap<>(status.snapshot());
        unsavedProgress.forEach((id, rec) -> all.replace(id, rec.deepCopy()));
        return all;
    }

    /** Current status of a document, if it is known; never ahead of what the store holds. */
    public Optional<DocStatus> statusOf(String docId) {
        return record(docId).map(r -> DocStatus.of(r.path("status").asText("failed")));
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

    private ObjectNode required(String docId) {
        return record(docId).orElseThrow(() -> new IllegalStateException("no status record for " + docId));
    }

    private static ObjectNode metadata(ObjectNode rec) {
        return rec.get("metadata") instanceof ObjectNode m ? m : rec.putObject("metadata");
    }

    private static ObjectNode toJson(Map<String, Object> map) {
        ObjectNode node = JSON.objectNode();
        map.forEach((k, v) -> node.set(k, dev.librarian.store.LightRagJson.mapper().valueToTree(v)));
        return node;
    }

    private void notifyListeners(String docId, ObjectNode rec) {
        for (StatusListener listener : listeners) {
            listener.changed(docId, rec.deepCopy());
        }
    }

    private String now() {
        return OffsetDateTime.now(clock).format(ISO);
    }
}
