package dev.librarian.config;

import io.vertx.core.net.impl.TCPServerBase;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.CamelContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * platform-http's Vert.x server with {@link HttpServerGuards} on its router before it listens, so the first request
 * it accepts is already checked and, while the routes start, answered 503 "starting" (never Vert.x's 404). A port
 * it cannot bind stops the start ({@link StartupException}): platform-http only logs a failed bind, and a port taken
 * after {@link HttpPort}'s check (another program starting at the same moment) would leave a service without its API.
 * Once bound, it says where ({@link ListeningAddress}: in the log and the registry), the port it got included.
 */
final class GuardedHttpServer extends VertxPlatformHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedHttpServer.class);

    GuardedHttpServer(VertxPlatformHttpServerConfiguration configuration) {
        super(configuration);
    }

    @Override
    protected void startServer() throws Exception {
        HttpServerGuards guards = CamelContextHelper.findSingleByType(getCamelContext(), HttpServerGuards.class);
        if (guards == null) {
            throw new IllegalStateException("no HttpServerGuards in the registry: the server would listen unguarded");
        }
        guards.install(getCamelContext(), VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(getConfigurationPort())));
        super.startServer();
        if (!(getServer() instanceof TCPServerBase bound) || !bound.isListening()) {
            throw new StartupException("cannot listen on " + getHost() + ":" + getConfigurationPort()
                    + " (taken while the service started); is another program using it? Set PORT to another port", null);
        }
        ListeningAddress address = new ListeningAddress(getHost(), getPort());
        getCamelContext().getRegistry().bind(ListeningAddress.NAME, address);
        // the API description names this server: with PORT=0, the port it got
        getCamelContext().getRestConfiguration().setPort(address.port());
        LOG.info("Listening on {}", address.url());
    }
}
