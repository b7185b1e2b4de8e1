package dev.librarian.config;

/**
 * Settings only the routes use, through their property placeholders ({@code {{SYNC_POLL_MS}}}): read here too, so a
 * bad value stops the start with its name like any other instead of failing a route half-way through the start.
 *
 * @param llmRetryDelayMs     first retry delay of an LLM or embedding call ({@code LLM_RETRY_DELAY_MS})
 * @param maxStreamedAnswers  streamed answers at once ({@code MAX_STREAMED_ANSWERS})
 * @param progressIntervalMs  how often progress figures are pushed ({@code PROGRESS_INTERVAL_MS})
 * @param sseKeepAliveMs      keep-alive comment on idle event streams ({@code SSE_KEEP_ALIVE_MS})
 * @param syncPollMs          sync mode: how often new and changed files are looked for ({@code SYNC_POLL_MS})
 * @param syncDeleteScanMs    sync mode: how often removed files are looked for ({@code SYNC_DELETE_SCAN_MS})
 */
public record RouteSettings(int llmRetryDelayMs, int maxStreamedAnswers, int progressIntervalMs, int sseKeepAliveMs,
                            int syncPollMs, int syncDeleteScanMs) {
}
