package dev.librarian.deletion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.library.LibraryStores;
import dev.librarian.merge.GraphMerger;
import dev.librarian.merge.MergePlan;
import dev.librarian.pipeline.PipelineFailures;
import dev.librarian.status.DocStatus;
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
import java.util.Map;
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

    public DocumentDeletion(DocStatusRepository status, LibraryStores stores, GraphMerger merger,
                            InputFiles inputFiles) {
        this.status = status;
        this.stores = stores;
        this.merger = merger;
        this.inputFiles = inputFiles;
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
            String fileName = status.record(docId).map(r -> r.path("file_path").asText("")).orElse("");
            Set<String> cacheKeys = request.deleteLlmCache() ? exclusiveCacheKeys(docId) : Set.of();
            return new DeletionJob(docId, fileName, cacheKeys, request.deleteFile());
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
     * Last steps, once the index is written: the original file if asked, then status and text, so a document whose
     * status record is gone is deleted completely.
     */
    public void finish(DeletionJob job) {
        String file = "";
        if (job.deleteFile()) {
            try {
                List<Path> removed = inputFiles.delete(job.fileName());
                file = removed.isEmpty() ? "; no original file of " + job.fileName() + " found in INPUT_DIR"
                        : "; removed " + removed;
            } catch (IOException e) {
                file = "; could not remove the original of " + job.fileName() + ": " + e.getMessage();
                LOG.warn("Deleting {}: could not remove its file: {}", job.docId(), e.getMessage());
            }
        }
        status.forget(job.docId());
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

    /** The extraction answers of the document's chunks that no chunk of another document lists. */
    private Set<String> exclusiveCacheKeys(String docId) {
        return stores.read(() -> {
            Set<String> mine = new LinkedHashSet<>();
            Set<String> others = new HashSet<>();
            for (Map.Entry<String, ObjectNode> e : stores.textChunks().snapshot().entrySet()) {
                Set<String> target = docId.equals(e.getValue().path("full_doc_id").asText()) ? mine : others;
                e.getValue().path("llm_cache_list").forEach((JsonNode k) -> target.add(k.asText()));
            }
            mine.removeAll(others);
            return mine;
        });
    }
}
