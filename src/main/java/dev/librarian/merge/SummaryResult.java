package dev.librarian.merge;

/** The summary the LLM wrote for a {@link SummaryTask}. */
public record SummaryResult(SummaryTask task, String summary) {
}
