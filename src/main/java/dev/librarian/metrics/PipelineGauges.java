package dev.librarian.metrics;

import dev.librarian.llm.LlmCallQueue;
import dev.librarian.pipeline.DocumentQueue;
import dev.librarian.pipeline.MergeQueue;
import dev.librarian.status.DocStatus;
import dev.librarian.status.DocStatusRepository;

import java.util.Arrays;

/**
 * Gauges read at every scrape: documents by status from the status store, and the depth of the pipeline's
 * queues ({@code seda:documents}, {@code seda:merge} and the LLM call line).
 */
public final class PipelineGauges {

    private PipelineGauges() {
    }

    public static void register(LibrarianMetrics metrics, DocStatusRepository status, DocumentQueue documents,
                                MergeQueue merges, LlmCallQueue llmCalls) {
        metrics.documentsByStatus(Arrays.stream(DocStatus.values()).map(DocStatus::value).toList(), status::counts);
        metrics.queueDepth("documents", documents::size);
        metrics.queueDepth("merge", merges::size);
        metrics.queueDepth("llm-calls", llmCalls::size);
    }
}
