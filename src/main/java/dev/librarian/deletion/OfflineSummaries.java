package dev.librarian.deletion;

import dev.librarian.llm.LlmAnswer;
import dev.librarian.llm.LlmResponseCache;
import dev.librarian.merge.GraphMerger;
import dev.librarian.merge.MergePlan;
import dev.librarian.merge.SummaryResult;
import dev.librarian.merge.SummaryTask;
import dev.librarian.model.Separators;

import java.util.ArrayList;
import java.util.List;

/**
 * Descriptions for a deletion without asking the LLM. A shared node or edge that keeps enough fragments to need a
 * summary gets the summary the LLM already wrote for exactly these fragments, if the LLM cache has it (e.g. from
 * when the remaining documents were indexed without the deleted one); otherwise its fragments joined with
 * {@code <SEP>}, as LightRAG writes descriptions below the summary thresholds. The next document that touches it
 * has it summarised again in the ordinary way.
 */
public final class OfflineSummaries {

    private final GraphMerger merger;
    private final LlmResponseCache cache;

    public OfflineSummaries(GraphMerger merger, LlmResponseCache cache) {
        this.merger = merger;
        this.cache = cache;
    }

    public List<SummaryResult> of(MergePlan plan) {
        List<SummaryResult> results = new ArrayList<>();
        for (SummaryTask task : plan.summaryTasks()) {
            LlmAnswer cached = cache.lookup(merger.summaryRequest(task));
            results.add(cached != null ? merger.summaryResult(task, cached)
                    : new SummaryResult(task, String.join(Separators.GRAPH_FIELD, task.fragments())));
        }
        return results;
    }
}
