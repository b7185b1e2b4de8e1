package dev.librarian.events;

import io.vertx.core.http.HttpServerResponse;

/** An event client on a Vert.x HTTP response kept open (chunked). */
final class VertxEventClient implements EventClient {

    private final HttpServerResponse response;
    private volatile boolean closed;

    /**
     * Room for what the client has not read yet before it counts as one that cannot keep up: a joining client's
     * snapshot of a library of thousands of documents, and a burst of changes after it (Vert.x's default, 8 KiB,
     * dropped every new client of a big library at the first burst).
     */
    static final int WRITE_QUEUE_BYTES = 8 << 20;

    VertxEventClient(HttpServerResponse response) {
        this.response = response;
        response.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    }

    @Override
    public boolean send(String text) {
        if (closed) {
            return false;
        }
        try {
            if (response.closed() || response.writeQueueFull()) {
                return false;
            }
            response.write(text);
            return true;
        } catch (IllegalStateException gone) {
            return false;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!response.closed() && !response.ended()) {
                response.end();
            }
        } catch (IllegalStateException alreadyGone) {
            // the connection closed while we ended it
        }
    }

    void markClosed() {
        closed = true;
    }
}
