package dev.librarian.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.api.OllamaError;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON instead of Vert.x's HTML page for a request no route serves: 404 for an unknown path, 405 for a known path
 * asked with another method; Ollama's {@code {"error": ...}} under {@code /api/}, LightRAG's {@code {"detail": ...}}
 * elsewhere, so every client reads the reason where it looks for it.
 *
 * <p>A last, catch-all route does it: platform-http's routes live in a sub-router, and Vert.x answers what a
 * sub-router leaves unmatched with the error handlers of the parent router, which Camel does not expose.
 */
public final class HttpErrorPages implements StartupListener {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A path parameter of a Vert.x route path ({@code /documents/track_status/:track_id}). */
    private static final Pattern PARAMETER = Pattern.compile(":[^/]+");

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        if (alreadyStarted) {
            return;
        }
        for (Router router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            router.route().order(Integer.MAX_VALUE).handler(ctx -> unserved(router, ctx));
        }
    }

    private static void unserved(Router router, RoutingContext ctx) {
        String path = ctx.normalizedPath();
        HttpMethod method = ctx.request().method();
        if (servedWithOtherMethods(router, path, method)) {
            reply(ctx, 405, "Method Not Allowed: " + path + " does not take " + method);
        } else {
            reply(ctx, 404, "Not Found: nothing at " + method + " " + path);
        }
    }

    private static boolean servedWithOtherMethods(Router router, String path, HttpMethod method) {
        for (Route route : router.getRoutes()) {
            String template = route.getPath();
            if (template != null && route.methods() != null && !route.methods().isEmpty()
                    && !route.methods().contains(method) && matches(template, path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String template, String path) {
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(template);
        int literal = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(template.substring(literal, parameter.start()))).append("[^/]+");
            literal = parameter.end();
        }
        regex.append(Pattern.quote(template.substring(literal)));
        return path.matches(regex.toString());
    }

    private static void reply(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        String body;
        try {
            body = JSON.writeValueAsString(OllamaError.forPath(ctx.normalizedPath(), message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body);
    }
}
