package dev.librarian.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Writes a live (InputStream) body straight into platform-http's Vert.x response, each piece as soon as it is read.
 * Left to platform-http 4.18, an InputStream body reaches the client only in 16 KiB pieces or at its end (it fills
 * a 16 KiB buffer before each write), so a streamed answer would arrive all at once. {@link #send} ends the HTTP
 * exchange itself: it returns once the stream and the response have ended, and platform-http, finding the response
 * ended, writes nothing more. Any other body is left for platform-http to write as usual.
 */
public final class LiveReply {

    /** Exchange property holding the Vert.x response, kept by {@link #hold}. */
    public static final String RESPONSE = "liveReplyResponse";
    /** The header a question's phase times go out in (see {@code QueryTimings}). */
    public static final String SERVER_TIMING = "Server-Timing";

    private static final Logger LOG = LoggerFactory.getLogger(LiveReply.class);
    private static final int READ_SIZE = 8192;

    /**
     * Keeps the request's Vert.x response aside; the route's first step, as the first body conversion replaces
     * platform-http's message (which holds the response) with a plain one.
     */
    public void hold(Exchange exchange) {
        HttpMessage http = exchange.getMessage(HttpMessage.class);
        if (http != null && http.getResponse() != null) {
            exchange.setProperty(RESPONSE, http.getResponse());
        }
    }

    /** A live body goes to the client piece by piece, returning when it has ended; any other is left as it is. */
    public void send(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        HttpServerResponse response = exchange.getProperty(RESPONSE, HttpServerResponse.class);
        if (!(body instanceof InputStream stream) || response == null) {
            return;
        }
        response.setStatusCode(200).setChunked(true)
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType != null) {
            response.putHeader("Content-Type", contentType);
        }
        // the phases before the answer (keywords, embedding, context): the answer itself is still to come
        String timing = exchange.getMessage().getHeader(SERVER_TIMING, String.class);
        if (timing != null) {
            response.putHeader(SERVER_TIMING, timing);
        }
        // a client that leaves cancels the answer's LLM call, queued or running (the stream's close says so)
        response.closeHandler(gone -> closeQuietly(stream));
        // the status line and headers go out now: the client knows it is answered before the first piece
        response.writeHead();
        try (stream) {
            relay(stream, response);
            end(response);
        } catch (IOException e) {
            // only a shutdown interrupting the wait cuts the stream: the client sees it cut off, not completed
            LOG.debug("streamed reply cut off: {}", e.getMessage());
            response.close();
        }
        exchange.getMessage().setBody(null);
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // nothing more to tell anyone
        }
    }

    private static void relay(InputStream stream, HttpServerResponse response) throws IOException {
        byte[] chunk = new byte[READ_SIZE];
        int n;
        while ((n = stream.read(chunk)) >= 0) {
            if (response.closed()) {
                return; // the client left; closing the stream cancels the answer's LLM call
            }
            if (n > 0) {
                try {
                    response.write(Buffer.buffer(Arrays.copyOf(chunk, n)));
                } catch (IllegalStateException gone) {
                    return; // the client reset the stream between the check and the write
                }
            }
        }
    }

    private static void end(HttpServerResponse response) {
        try {
            response.end();
        } catch (IllegalStateException alreadyGone) {
            // the connection closed while we ended it
        }
    }
}
