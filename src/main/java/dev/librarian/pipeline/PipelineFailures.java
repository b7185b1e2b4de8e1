package dev.librarian.pipeline;

import dev.librarian.intake.LoggedName;
import dev.librarian.model.Chunk;
import dev.librarian.status.DocStatusRepository;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Turns a failure into a status record a user can act on: which chunk, which call, what Ollama said.
 */
public final class PipelineFailures {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineFailures.class);

    private final DocStatusRepository status;
    private final int llmRetries;

    public PipelineFailures(DocStatusRepository status, int llmRetries) {
        this.status = status;
        this.llmRetries = llmRetries;
    }

    /**
     * Marks the exchange's document ({@code docId} property) failed with the reason of its exception; false when
     * a shutdown cut it off, so it stays unfinished and resumes at the next start.
     */
    public boolean documentFailed(Exchange exchange) {
        String docId = exchange.getProperty("docId", String.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (exchange.getContext().getStatus().isStopping()) {
            LOG.info("Document {} was cut off by the shutdown; it resumes at the next start", docId);
            return false;
        }
        String reason = describe(cause, llmRetries);
        LOG.error("Document {} failed: {}", docId, reason);
        status.markFailed(docId, reason);
        return true;
    }

    /** Records an inbox file that could not become a document; the file consumer moves it to .failed. */
    public void fileRejected(Exchange exchange) {
        String fileName = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = describe(cause, 0);
        LOG.warn("Inbox file {} rejected: {}", LoggedName.of(fileName), LoggedName.of(reason));
        status.recordRejected(fileName, reason);
    }

    /**
     * A one-line reason naming the chunk (when a chunk failed) and the root cause, never empty; Ollama failures
     * that are retried say how many retries were spent.
     */
    public static String describe(Throwable failure, int retries) {
        if (failure == null) {
            return "failed for an unknown reason";
        }
        String chunk = null;
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (chunk == null && t instanceof CamelExchangeException cee && cee.getExchange() != null
                    && cee.getExchange().getProperty("chunk") instanceof Chunk c) {
                chunk = c.id();
            }
            root = t;
        }
        String what = message(root);
        if (retries > 0 && retried(root)) {
            what += " (gave up after " + retries + " retries)";
        }
        return chunk == null ? what : "chunk " + chunk + " failed: " + what;
    }

    /** The failures routes/errors.camel.yaml retries: I/O errors, HTTP 5xx and 429. */
    private static boolean retried(Throwable t) {
        if (t instanceof HttpOperationFailedException http) {
            return http.getStatusCode() >= 500 || http.getStatusCode() == 429;
        }
        return t instanceof IOException;
    }

    private static String message(Throwable t) {
        if (t instanceof HttpOperationFailedException http) {
            String body = http.getResponseBody();
            return "Ollama answered HTTP " + http.getStatusCode() + " for " + http.getUri()
                    + (body == null || body.isBlank() ? "" : ": " + body.trim());
        }
        String msg = t.getMessage();
        String type = t.getClass().getSimpleName();
        if (msg == null || msg.isBlank()) {
            return type;
        }
        if (t instanceof IOException) {
            return "cannot reach Ollama (" + type + "): " + msg;
        }
        return msg;
    }
}
