package dev.librarian.pipeline;

import org.apache.camel.Exchange;

import java.util.concurrent.LinkedBlockingQueue;

/**
 * The documents waiting for a {@code seda:documents} consumer, without a limit: each is an accepted document's id
 * (its text is in the store), and an accept must never wait for room. SEDA's own queue holds 1,000: with Ollama down
 * or slow, the 1,001st upload waited forever and held its HTTP worker thread, and the inbox stopped taking files.
 */
public final class DocumentQueue extends LinkedBlockingQueue<Exchange> {
}
