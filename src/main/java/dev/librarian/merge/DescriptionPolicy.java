package dev.librarian.merge;

import dev.librarian.chunk.Tokenizer;
import dev.librarian.model.Separators;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LightRAG's rule for merged descriptions: one fragment stays as it is; a few short fragments are joined with
 * {@code <SEP>}; from {@code FORCE_LLM_SUMMARY_ON_MERGE} fragments or {@code SUMMARY_MAX_TOKENS} tokens on, the LLM
 * writes a summary of at most {@code SUMMARY_CONTEXT_SIZE} tokens of fragments.
 */
public final class DescriptionPolicy {

    /** Fragments whose token counts are remembered: a main character's fragments are weighed at every merge. */
    private static final int REMEMBERED_FRAGMENTS = 20_000;

    private final Tokenizer tokenizer;
    private final Map<String, Integer> fragmentTokens = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED_FRAGMENTS;
        }
    };
    private final int forceSummaryFragments;
    private final int summaryMaxTokens;
    private final int summaryContextSize;

    public DescriptionPolicy(Tokenizer tokenizer, int forceSummaryFragments, int summaryMaxTokens,
                             int summaryContextSize) {
        this.tokenizer = tokenizer;
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
        synchronized (fragmentTokens) {
            Integer known = fragmentTokens.get(fragment);
            if (known != null) {
                return known;
            }
        }
        int count = tokenizer.count(fragment);
        synchronized (fragmentTokens) {
            fragmentTokens.put(fragment, count);
        }
        return count;
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
