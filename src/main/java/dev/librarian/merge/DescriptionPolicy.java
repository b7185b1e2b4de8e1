package dev.librarian.merge;

import dev.librarian.chunk.TokenMemo;
import dev.librarian.chunk.Tokenizer;
import dev.librarian.model.Separators;

import java.util.ArrayList;
import java.util.List;

/**
 * LightRAG's rule for merged descriptions: one fragment stays as it is; a few short fragments are joined with
 * {@code <SEP>}; from {@code FORCE_LLM_SUMMARY_ON_MERGE} fragments or {@code SUMMARY_MAX_TOKENS} tokens on, the LLM
 * writes a summary of at most {@code SUMMARY_CONTEXT_SIZE} tokens of fragments.
 */
public final class DescriptionPolicy {

    /** Fragments whose token counts are remembered: a main character's fragments are weighed at every merge. */
    private static final int REMEMBERED_FRAGMENTS = 20_000;

    private final TokenMemo fragmentTokens;
    private final int forceSummaryFragments;
    private final int summaryMaxTokens;
    private final int summaryContextSize;

    public DescriptionPolicy(Tokenizer tokenizer, int forceSummaryFragments, int summaryMaxTokens,
                             int summaryContextSize) {
        this.fragmentTokens = new TokenMemo(tokenizer, REMEMBERED_FRAGMENTS);
        this.forceSummaryFragments = forceSummaryFragments;
        this.summaryMaxTokens = summaryMaxTokens;
        this.summaryContextSize = summaryContextSize;
    }

    /** The joined description, or null when the fragments need an LLM summary. */
    public String joinedOrNull(List<String> fragments) {
        if (fragments.size() == 1) {
            return fragments.get(0);
        }
        if (fragments.size() < forceSummaryFragments && totalTokens(fragments) < summaryMaxTokens) {
            return String.join(Separators.GRAPH_FIELD, fragments);
        }
        return null;
    }

    /** The fragments that fit the summary prompt's budget, in order. */
    public List<String> forSummary(List<String> fragments) {
        List<String> kept = new ArrayList<>();
        int total = 0;
        for (String f : fragments) {
            total += tokens(f);
            if (total > summaryContextSize && kept.size() >= 2) {
                break;
            }
            kept.add(f);
        }
        return kept;
    }

    private int tokens(String fragment) {
        return fragmentTokens.count(fragment, fragment);
    }

    private int totalTokens(List<String> fragments) {
        int total = 0;
        for (String f : fragments) {
            total += tokens(f);
            if (total >= summaryMaxTokens) {
                break;
            }
        }
        return total;
    }
}
