package dev.librarian.deletion;

import dev.librarian.library.LibraryStores;
import dev.librarian.merge.GraphMerger;
import dev.librarian.merge.IndexUpdate;
import dev.librarian.merge.MergePlan;
import dev.librarian.pipeline.IndexWriter;
import dev.librarian.pipeline.MergeResults;
import dev.librarian.pipeline.PipelineFailures;
import dev.librarian.status.DocStatus;
import dev.librarian.status.DocStatusRecord;
import dev.librarian.status.DocStatusRepository;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The domain steps of deleting a document; the {@code delete-document} route runs them inside the merge queue, so
 * a deletion never overlaps a merge. The graph side is a merge of the document with no chunks: every node and edge
 * it contributed to is recomputed from the other documents' contributions.
 */
public final class DocumentDeletion {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentDeletion.class);

    private final DocStatusRepository status;
    private final LibraryStores stores;
    private final GraphMerger merger;
    private final InputFiles inputFiles;
    private final IndexWriter indexWriter;

    public DocumentDeletion(DocStatusRepository status, LibraryStores stores, GraphMerger merger,
                            InputFiles inputFiles, IndexWriter indexWriter) {
        this.status = status;
        this.stores = stores;
        this.merger = merger;
        this.inputFiles = inputFiles;
        this.indexWriter = indexWriter;
    }

    /** Sorts the requested ids into those to delete, unknown ones and busy (pending or processing) ones. */
    public DeletionTriage triage(DeletionRequest request) {
        List<String> started = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        List<String> busy = new ArrayList<>();
        for (String id : request.docIds()) {
            DocStatus s = status.statusOf(id).orElse(null);
            if (s == null) {
                notFound.add(id);
            } else if (s == DocStatus.PENDING || s == DocStatus.PROCESSING) {
                busy.add(id);
            } else {
                started.add(id);
            }
        }
        return new DeletionTriage(request.withDocIds(started), notFound, busy);
    }

    /**
     * Claims the document for deletion, or null when it is no longer deletable (gone, or indexed again since
     * the request arrived).
     */
    public DeletionJob begin(String docId, DeletionRequest request) {
        if (!status.beginDeletion(docId)) {
            LOG.info("{} is not deleted: it is {} now", docId,
                    status.statusOf(docId).map(DocStatus::value).orElse("gone"));
            return null;
        }
        try {
            DocStatusRecord rec = status.record(docId).orElseThrow();
            Set<String> cacheKeys = request.deleteLlmCache() ? exclusiveCacheKeys(docId) : Set.of();
            return new DeletionJob(docId, Objects.requireNonNullElse(rec.filePath(), ""),
                    Objects.requireNonNullElse(rec.contentHash(), ""), cacheKeys, request.deleteFile());
        } catch (RuntimeException e) {
            status.deletionFailed(docId, e.getMessage());
            throw e;
        }
    }

    /** The document merged with no chunks: what every node and edge it touched becomes without it. */
    public MergePlan mergePlan(DeletionJob job) {
        return merger.plan(job.docId(), List.of(), List.of());
    }

    /**
     * Removes the document from the store in one transaction: what the graph and vectors become without it
     * ({@code update}, embedded in {@code fresh}), its chunks, lists, cached answers if asked, text and status.
     */
    public void commit(DeletionJob job, IndexUpdate update, MergeResults fresh) {
        status.forget(job.docId(), ownRecords -> indexWriter.writeDeletion(update, fresh, job.cacheKeys(), ownRecords));
    }

    /** Last step, once the document is gone from the store: the original file if asked, and the log line. */
    public void finish(DeletionJob job) {
        String file = "";
        if (job.deleteFile()) {
            try {
                List<Path> removed = inputFiles.delete(job.fileName(), job.contentHash());
                file = removed.isEmpty() ? "; no original file of " + job.fileName() + " with this version's text"
                        + " found in INPUT_DIR"
                        : "; removed " + removed;
            } catch (IOException e) {
                file = "; could not remove the original of " + job.fileName() + ": " + e.getMessage();
                LOG.warn("Deleting {}: could not remove its file: {}", job.docId(), e.getMessage());
            }
        }
        LOG.info("Deleted {} ({}){}{}", job.fileName(), job.docId(),
                job.cacheKeys().isEmpty() ? "" : "; " + job.cacheKeys().size() + " cached LLM answers removed", file);
    }

    /** The deletion failed: the document stays indexed, its error_msg says why. */
    public void failed(Exchange exchange) {
        DeletionJob job = exchange.getProperty("deletion", DeletionJob.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = PipelineFailures.describe(cause, 0);
        LOG.error("Deleting {} failed: {}", job.docId(), reason);
        status.deletionFailed(job.docId(), reason);
    }

    /**
     * The extraction answers of the document's chunks that no chunk of another document lists (read in the merge
     * queue's turn, so no merge changes the chunks meanwhile).
     */
    private Set<String> exclusiveCacheKeys(String docId) {
        Set<String> mine = new LinkedHashSet<>();
        Set<String> others = new HashSet<>();
        stores.chunks().forEach(chunk -> (docId.equals(chunk.docId()) ? mine : others).addAll(chunk.llmCacheList()));
        mine.removeAll(others);
        return mine;
    }
}
