package dev.librarian.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.api.ApiKeyGuard;
import dev.librarian.api.OllamaError;
import dev.librarian.api.BrowserOriginGuard;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rules of the embedded HTTP server that hold for every path, installed once in front of all platform-http routes
 * (documents, query, Ollama emulation, and whatever is added later): security headers, the Host and browser-origin
 * checks with CORS for listed origins, the API key check, and a JSON {@code {"detail": ...}} answer when a body
 * exceeds {@code MAX_UPLOAD_SIZE} (the server's body limit answers 413) or cannot be read to its end
 * ({@link RequestBodyWatch}). Under {@code /api/} the answers take
 * Ollama's {@code {"error": ...}} shape. Until all routes are up, every request is answered 503
 * {@code {"status": "starting"}}.
 */
public final class HttpServerGuards implements StartupListener {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(HttpServerGuards.class);

    /** Every answer: no content sniffing, no framing by other sites' pages (clickjacking). */
    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy", "frame-ancestors 'self'",
            "X-Frame-Options", "SAMEORIGIN");
    private static final String CORS_METHODS = "GET, POST, DELETE, OPTIONS";

    private final BrowserOriginGuard origins;
    private final ApiKeyGuard apiKey;
    private final long maxUploadSize;
    private final RequestBodyWatch bodyWatch;
    /** Whether platform-http runs the body watch's marker; without it the watch stays off. */
    private volatile boolean watchingBodies;
    /** Routers the handlers are installed on (each once). */
    private final Set<Router> guarded = ConcurrentHashMap.newKeySet();

    public HttpServerGuards(BrowserOriginGuard origins, ApiKeyGuard apiKey, long maxUploadSize,
            RequestBodyWatch bodyWatch) {
        this.origins = origins;
        this.apiKey = apiKey;
        this.maxUploadSize = maxUploadSize;
        this.bodyWatch = bodyWatch;
    }

    /**
     * Guards the routers of servers other than {@link GuardedHttpServer} (which guards its own before it listens)
     * once the context has started.
     */
    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        if (!alreadyStarted) {
            for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
                install(context, router);
            }
        }
    }

    /** Puts the handlers in front of every route of {@code router} (once per router). */
    void install(CamelContext context, Router router) {
        if (guarded.isEmpty()) {
            watchingBodies = RequestBodyWatch.markerInstalled(context);
            if (!watchingBodies) {
                LOG.warn("platform-http does not run the request body watch's marker: unfinished bodies go unanswered");
            }
        }
        if (guarded.add(router)) {
            router.route().order(Integer.MIN_VALUE).handler(this::guard).failureHandler(this::explainFailure);
            // until every route is up, 503 {"status": "starting"} rather than a 404 for a route not there yet
            router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> whileStarting(context, ctx));
        }
    }

    private static void whileStarting(CamelContext context, RoutingContext ctx) {
        if (context.isStarted()) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Retry-After", "1")
                .end("{\"status\": \"starting\", \"detail\": \"the service is starting; try again in a moment\"}");
    }

    private void guard(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        SECURITY_HEADERS.forEach(response::putHeader);
        String host = authority(request);
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        String refusal = origins.hostRefusal(host);
        if (refusal == null) {
            refusal = origins.originRefusal(request.method().name(), ctx.normalizedPath(), host, origin,
                    request.getHeader(HttpHeaders.REFERER));
        }
        if (refusal != null) {
            reply(ctx, 403, refusal);
            return;
        }
        if (origins.corsAllowed(origin)) {
            response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin).putHeader(HttpHeaders.VARY, "Origin");
            if (request.method() == HttpMethod.OPTIONS
                    && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null) {
                answerPreflight(request, response);
                return;
            }
        }
        refusal = apiKey.refusal(ctx.normalizedPath(), ApiKeyGuard.presented(request.getHeader(ApiKeyGuard.HEADER),
                request.getHeader(ApiKeyGuard.AUTHORIZATION)));
        if (refusal == null) {
            if (watchingBodies) {
                bodyWatch.watch(ctx);
            }
            ctx.next();
        } else {
            reply(ctx, 403, refusal);
        }
    }

    /**
     * The host and port the request was sent to: the {@code Host} header, or HTTP/2's {@code :authority} (the JDK's
     * client upgrades a connection to HTTP/2, whose requests carry no {@code Host}).
     */
    private static String authority(HttpServerRequest request) {
        HostAndPort authority = request.authority();
        if (authority == null) {
            return request.getHeader(HttpHeaders.HOST);
        }
        String host = HostNames.bracketed(authority.host());
        return authority.port() < 0 ? host : host + ":" + authority.port();
    }

    /** A listed origin's preflight is answered here: no route serves OPTIONS, and no key is sent with one. */
    private static void answerPreflight(HttpServerRequest request, HttpServerResponse response) {
        String headers = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
        response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, CORS_METHODS)
                .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600");
        if (headers != null) {
            response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, headers);
        }
        response.setStatusCode(204).end();
    }

    private void explainFailure(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            reply(ctx, 413, "request body too large: the limit is " + maxUploadSize + " bytes (MAX_UPLOAD_SIZE)");
        } else if (ctx.failure() instanceof RequestBodyWatch.UnreadBody unread) {
            reply(ctx, ctx.statusCode(), unread.getMessage());
        } else if (RequestBodyWatch.refused(ctx)) {
            LOG.debug("after a refused request body: {}", String.valueOf(ctx.failure()));
        } else {
            ctx.next();
        }
    }

    /** A refusal in JSON: LightRAG's {@code {"detail": ...}}, under {@code /api/} Ollama's {@code {"error": ...}}. */
    private static void reply(RoutingContext ctx, int status, String detail) {
        String body;
        try {
            body = JSON.writeValueAsString(OllamaError.forPath(ctx.normalizedPath(), detail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(body);
        }
    }
}
