package dev.librarian.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.api.ApiKeyGuard;
import dev.librarian.api.OllamaError;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Rules of the embedded HTTP server that hold for every path, installed once in front of all platform-http routes
 * (documents, query, Ollama emulation, and whatever is added later): the API key check, and a JSON
 * {@code {"detail": ...}} answer when a body exceeds {@code MAX_UPLOAD_SIZE} (the server's body limit answers 413);
 * under {@code /api/} the answers take Ollama's {@code {"error": ...}} shape.
 */
public final class HttpServerGuards implements StartupListener {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiKeyGuard apiKey;
    private final long maxUploadSize;

    public HttpServerGuards(ApiKeyGuard apiKey, long maxUploadSize) {
        this.apiKey = apiKey;
        this.maxUploadSize = maxUploadSize;
    }

    /**
     * Called once the HTTP servers are up and before the route consumers start, so no route is ever reachable
     * unguarded; the lowest order puts these handlers in front of every route of every server (main and
     * management).
     */
    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        if (alreadyStarted) {
            return;
        }
        for (Router router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            router.route().order(Integer.MIN_VALUE).handler(this::checkApiKey).failureHandler(this::explainFailure);
        }
    }

    private void checkApiKey(RoutingContext ctx) {
        String refusal = apiKey.refusal(ctx.normalizedPath(), ApiKeyGuard.presented(
                ctx.request().getHeader(ApiKeyGuard.HEADER), ctx.request().getHeader(ApiKeyGuard.AUTHORIZATION)));
        if (refusal == null) {
            ctx.next();
        } else {
            reply(ctx, 403, refusal);
        }
    }

    private void explainFailure(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            reply(ctx, 413, "request body too large: the limit is " + maxUploadSize + " bytes (MAX_UPLOAD_SIZE)");
        } else {
            ctx.next();
        }
    }

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
