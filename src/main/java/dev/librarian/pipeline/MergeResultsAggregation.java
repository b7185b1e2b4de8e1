package dev.librarian.pipeline;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Collects the bodies of a merge's parallel parts (summaries, embedded batches, or results already collected) into
 * one {@link MergeResults}, whatever order the parts finish in.
 */
public final class MergeResultsAggregation implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange collected, Exchange part) {
        Exchange into = collected == null ? part : collected;
        MergeResults so = collected == null ? MergeResults.NONE
                : collected.getMessage().getBody(MergeResults.class);
        into.getMessage().setBody(so.with(part.getMessage().getBody()));
        return into;
    }
}
