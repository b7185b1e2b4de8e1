package dev.librarian.config;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Reads requests the way common clients send them, in front of every platform-http route:
 * <ul>
 * <li>a body sent as {@code application/x-www-form-urlencoded} is read as the JSON it is: curl's {@code -d}, and every
 * example in Ollama's documentation, sends JSON with that type. No route takes a form, so the type is changed before
 * the body handler would decode the JSON as form fields (and platform-http drop the body itself).</li>
 * <li>a query string with raw (not percent-encoded) UTF-8, as curl sends {@code ?q=базар}: the HTTP decoder gives its
 * bytes one character each, so the parameters are decoded again from those bytes as UTF-8.</li>
 * </ul>
 */
public final class HttpRequestRepair implements StartupListener {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";

    /** Runs after the API key check (which has the lowest order) and before any route. */
    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        if (alreadyStarted) {
            return;
        }
        for (Router router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            router.route().order(Integer.MIN_VALUE + 1).handler(this::repair);
        }
    }

    private void repair(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && type.regionMatches(true, 0, FORM, 0, FORM.length())) {
            ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, JSON);
        }
        String uri = ctx.request().uri();
        if (hasRawBytes(uri)) {
            MultiMap params = ctx.queryParams();
            params.clear();
            for (Map.Entry<String, List<String>> p : new QueryStringDecoder(percentEncoded(uri),
                    StandardCharsets.UTF_8).parameters().entrySet()) {
                params.add(p.getKey(), p.getValue());
            }
        }
        ctx.next();
    }

    /** True when the request line carried bytes above ASCII (each arrives as one character up to U+00FF). */
    static boolean hasRawBytes(String uri) {
        boolean raw = false;
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c > 0xFF) {
                return false; // not a byte-per-character line: leave it as decoded
            }
            raw |= c > 0x7F;
        }
        return raw;
    }

    /** The URI with each raw byte percent-encoded, so a UTF-8 decoder reads raw and encoded text alike. */
    static String percentEncoded(String uri) {
        StringBuilder out = new StringBuilder(uri.length() * 2);
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c > 0x7F) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
