package dev.librarian.events;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Consumer;

/**
 * {@code GET /documents/events} (Server-Sent Events), served on platform-http's Vert.x router. A Camel route cannot
 * serve a stream that lives for hours on platform-http 4.18: a streamed (InputStream) body reaches the client only
 * in 16 KiB pieces or at its end, and a route that stays in the exchange holds a Vert.x worker thread (and its
 * blocked-thread warnings) for the whole connection. Here the response stays open without a thread; the {@code document-events} route writes
 * the events into it.
 */
public final class EventStreamEndpoint implements Handler<RoutingContext> {

    public static final String PATH = "/documents/events";

    private final DocumentEvents events;
    private final Consumer<EventClient> queue;

    /** @param queue puts a joining client into the {@code document-events} queue */
    public EventStreamEndpoint(DocumentEvents events, Consumer<EventClient> queue) {
        this.events = events;
        this.queue = queue;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (!events.hasRoom()) {
            response.setStatusCode(503).putHeader("Content-Type", "application/json; charset=utf-8")
                    .end("{\"detail\": \"too many event streams are open (SSE_MAX_CLIENTS)\"}");
            return;
        }
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        VertxEventClient client = new VertxEventClient(response);
        response.closeHandler(v -> {
            client.markClosed();
            events.leave(client);
        });
        response.exceptionHandler(e -> {
            client.markClosed();
            events.leave(client);
        });
        // the status line and headers go out now, so the client knows it is connected before the first event
        response.writeHead();
        events.joining(client);
        queue.accept(client);
    }
}
