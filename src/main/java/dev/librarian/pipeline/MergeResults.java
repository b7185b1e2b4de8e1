package dev.librarian.pipeline;

import dev.librarian.merge.SummaryResult;

import java.util.ArrayList;
import java.util.List;

/**
 * What the LLM and the embedding model returned for one merge: the summaries written and the batches embedded.
 * Collected from the merge routes' splits and multicast by {@link MergeResultsAggregation}.
 *
 * @param summaries the summaries of the merge's summary tasks
 * @param embedded  the embedding batches with their vectors
 */
public record MergeResults(List<SummaryResult> summaries, List<EmbeddingBatch> embedded) {

    public static final MergeResults NONE = new MergeResults(List.of(), List.of());

    public MergeResults {
        summaries = List.copyOf(summaries);
        embedded = List.copyOf(embedded);
    }

    /**
     * The results a split or multicast collected; a split over nothing leaves its input as the body and collected
     * nothing.
     */
    public static MergeResults of(Object collected) {
        return collected instanceof MergeResults results ? results : NONE;
    }

    /** These results and one more part: a summary, an embedded batch, or other results. */
    MergeResults with(Object part) {
        List<SummaryResult> s = new ArrayList<>(summaries);
        List<EmbeddingBatch> e = new ArrayList<>(embedded);
        if (part instanceof SummaryResult summary) {
            s.add(summary);
        } else if (part instanceof EmbeddingBatch batch) {
            e.add(batch);
        } else if (part instanceof MergeResults other) {
            s.addAll(other.summaries);
            e.addAll(other.embedded);
        }
        return new MergeResults(s, e);
    }
}
