package dev.librarian.pipeline;

import org.apache.camel.Exchange;

import java.util.concurrent.LinkedBlockingQueue;

/**
 * The merges and deletions waiting for the one {@code seda:merge} consumer, without a limit. A document's merge is
 * queued by its own document consumer (at most {@code MAX_PARALLEL_INSERT} wait), but every
 * {@code DELETE /documents/delete_document} queues its request and answers at once: with SEDA's queue of 1,000 and
 * the consumer held by a merge waiting for Ollama, the 1,001st deletion's request waited for Ollama too, holding its
 * HTTP worker thread. A queued deletion is its document ids.
 */
public final class MergeQueue extends LinkedBlockingQueue<Exchange> {
}
