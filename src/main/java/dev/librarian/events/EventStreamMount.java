package dev.librarian.events;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/** Puts {@link EventStreamEndpoint} on platform-http's router once the HTTP server is up. */
public final class EventStreamMount implements ExtendedStartupListener {

    private final EventStreamEndpoint endpoint;

    public EventStreamMount(EventStreamEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the router is bound by the HTTP server, which starts with the context: see onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpRouter router = context.getRegistry().findByType(VertxPlatformHttpRouter.class).stream()
                .filter(VertxPlatformHttpRouter::isMainServer).findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no platform-http router to serve " + EventStreamEndpoint.PATH + " on"));
        router.get(EventStreamEndpoint.PATH).handler(endpoint);
    }
}
