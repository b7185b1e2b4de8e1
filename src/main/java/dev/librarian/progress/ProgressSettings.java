package dev.librarian.progress;

/**
 * How document progress is kept and shown.
 *
 * @param paceWindowMs   the ETA uses the LLM's pace over this window ({@code PROGRESS_PACE_WINDOW_MS})
 * @param saveIntervalMs progress figures reach the status record at most this often ({@code PROGRESS_SAVE_INTERVAL_MS})
 * @param logIntervalMs  the progress log line comes at most this often ({@code PROGRESS_LOG_INTERVAL_MS})
 * @param sseMaxClients  event streams open at once ({@code SSE_MAX_CLIENTS})
 */
public record ProgressSettings(long paceWindowMs, long saveIntervalMs, long logIntervalMs, int sseMaxClients) {
}
