package dev.librarian.events;

import io.vertx.core.http.HttpServerResponse;

/** An event client on a Vert.x HTTP response kept open (chunked). */
final class VertxEventClient implements EventClient {

    private final HttpServerResponse response;
    private volatile boolean closed;

    VertxEventClient(HttpServerResponse response) {
        this.response = response;
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
