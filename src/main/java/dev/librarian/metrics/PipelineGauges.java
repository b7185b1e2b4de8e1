package dev.librarian.metrics;

import dev.librarian.llm.LlmCallQueue;
import dev.librarian.pipeline.DocumentQueue;
import dev.librarian.status.DocStatus;
import dev.librarian.status.DocStatusRepository;
import org.apache.camel.CamelContext;
import org.apache.camel.component.seda.QueueReference;
import org.apache.camel.component.seda.SedaComponent;

import java.util.Arrays;

/**
 * Gauges read at every scrape: documents by status from the status store, and the depth of the pipeline's
 * queues ({@code seda:documents}, {@code seda:merge} and the LLM call line).
 */
public final class PipelineGauges {

    private PipelineGauges() {
    }

    public static void register(LibrarianMetrics metrics, CamelContext camel, DocStatusRepository status,
                                DocumentQueue documents, LlmCallQueue llmCalls) {
        metrics.documentsByStatus(Arrays.stream(DocStatus.values()).map(DocStatus::value).toList(), status::counts);
        metrics.queueDepth("documents", documents::size);
        metrics.queueDepth("merge", () -> sedaDepth(camel, "merge"));
        metrics.queueDepth("llm-calls", llmCalls::size);
    }

    /** Exchanges waiting in a SEDA queue; 0 before its first endpoint created it. */
    private static int sedaDepth(CamelContext camel, String queue) {
        SedaComponent seda = camel.getComponent("seda", SedaComponent.class);
        QueueReference ref = seda == null ? null : seda.getQueues().get(queue);
        return ref == null ? 0 : ref.getQueue().size();
    }
}
