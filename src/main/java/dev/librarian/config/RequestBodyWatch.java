package dev.librarian.config;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

import java.util.List;

/**
 * Every request body is read to its end or answered within bounded time. Vert.x's body handler waits forever in two
 * cases, holding the connection without an answer:
 * <ul>
 * <li>a multipart body that ends (per Content-Length or the last chunk) before its closing boundary: the part it
 * was in never completes, and the handler waits for it. Answered 400 a few seconds after the request's end.</li>
 * <li>a client that stops sending mid-body (slowloris). Answered 408 after {@code BODY_IDLE_TIMEOUT} seconds
 * without a byte, and the connection closed (the rest of the body would be read as a next request).</li>
 * </ul>
 * Both fail the routing context, so the body handler, should it finish after all, hands nothing to the route.
 * The watch learns that a route's body handler is done from {@link #MARKER}, which platform-http runs right after it
 * on every route (the engine's handlers).
 */
public final class RequestBodyWatch {

    private static final String READ = "librarian.body.read";
    private static final String REFUSED = "librarian.body.refused";

    /** Runs after the body handler of every platform-http route: the body has been read. */
    public static final Handler<RoutingContext> MARKER = ctx -> {
        ctx.put(READ, Boolean.TRUE);
        ctx.next();
    };

    private static final long CHECK_MILLIS = 500;
    /** After the request's end the uploads' last writes to their files complete; then the body handler is done. */
    private static final long END_GRACE_MILLIS = 3000;

    private final long idleMillis;

    public RequestBodyWatch(long idleMillis) {
        this.idleMillis = idleMillis;
    }

    /** The engine platform-http creates its consumers with, running {@link #MARKER} after each body handler. */
    public static VertxPlatformHttpEngine engine() {
        VertxPlatformHttpEngine engine = new VertxPlatformHttpEngine();
        engine.setHandlers(List.of(MARKER));
        return engine;
    }

    /** True when platform-http uses {@link #engine()}'s marker: without it a finished body cannot be told apart. */
    static boolean markerInstalled(CamelContext context) {
        VertxPlatformHttpEngine engine = context.getRegistry().lookupByNameAndType(
                PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, VertxPlatformHttpEngine.class);
        return engine != null && engine.getHandlers().contains(MARKER);
    }

    /** Called on the event loop before the request goes on to its route. */
    void watch(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!hasBody(request) || request.isEnded()) {
            return;
        }
        boolean multipart = isMultipart(request);
        Progress progress = new Progress(request.bytesRead(), System.nanoTime());
        long timer = ctx.vertx().setPeriodic(CHECK_MILLIS, id -> {
            if (check(ctx, multipart, progress)) {
                ctx.vertx().cancelTimer(id);
            }
        });
        ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
    }

    /** True when the watch is over: the body was read, the request failed or was answered, or it is refused now. */
    private boolean check(RoutingContext ctx, boolean multipart, Progress progress) {
        if (ctx.get(READ) != null || ctx.failed() || ctx.response().ended()
                || ctx.response().closed()) {
            return true;
        }
        HttpServerRequest request = ctx.request();
        long now = System.nanoTime();
        long read = request.bytesRead();
        if (read != progress.bytesRead) {
            progress.bytesRead = read;
            progress.at = now;
            return false;
        }
        if (request.isEnded()) {
            if (!progress.ended) {
                progress.ended = true;
                progress.at = now;
            }
            if (multipart && millis(now - progress.at) >= END_GRACE_MILLIS) {
                refuse(ctx, 400, "the multipart body ended without its closing boundary line (--BOUNDARY--):"
                        + " the upload is incomplete and nothing was taken");
                return true;
            }
            return false;
        }
        if (millis(now - progress.at) >= idleMillis) {
            if (request.version() != HttpVersion.HTTP_2) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                ctx.addEndHandler(done -> request.connection().close());
            }
            refuse(ctx, 408, "the request body stopped arriving: no bytes for " + idleMillis / 1000
                    + " s (BODY_IDLE_TIMEOUT); nothing was taken");
            return true;
        }
        return false;
    }

    /**
     * True once the watch refused the request: the failures that follow (the cancelled uploads' pipes, the closed
     * connection) are its consequence and need no answer.
     */
    static boolean refused(RoutingContext ctx) {
        return ctx.get(REFUSED) != null;
    }

    private static void refuse(RoutingContext ctx, int status, String detail) {
        ctx.put(REFUSED, Boolean.TRUE);
        ctx.cancelAndCleanupFileUploads();
        ctx.fail(status, new UnreadBody(detail));
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.version() == HttpVersion.HTTP_2 || request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || (length != null && !length.isBlank() && !length.trim().equals("0"));
    }

    private static boolean isMultipart(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && type.regionMatches(true, 0, "multipart/", 0, "multipart/".length());
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static final class Progress {
        long bytesRead;
        /** When the last byte arrived, or when the request was first seen ended if that was later. */
        long at;
        boolean ended;

        Progress(long bytesRead, long at) {
            this.bytesRead = bytesRead;
            this.at = at;
        }
    }

    /** A body refused before it was read to its end; the message is the client's {@code detail}. */
    static final class UnreadBody extends RuntimeException {
        UnreadBody(String detail) {
            super(detail, null, false, false);
        }
    }
}
