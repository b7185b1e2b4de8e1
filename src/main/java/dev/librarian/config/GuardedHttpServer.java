package dev.librarian.config;

import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.TCPServerBase;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.CamelContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * platform-http's Vert.x server with {@link HttpServerGuards} on its router before it listens, so the first request
 * it accepts is already checked and, while the routes start, answered 503 "starting" (never Vert.x's 404). A port
 * it cannot bind stops the start ({@link StartupException}): platform-http only logs a failed bind, and a port taken
 * after {@link HttpPort}'s check (another program starting at the same moment) would leave a service without its API.
 * Once bound, it says where ({@link ListeningAddress}: in the log and the registry), the port it got included.
 * <p>
 * A Vert.x server reads, parses and answers all its connections on one event-loop thread: a burst of requests
 * queued there while the other cores waited. Sibling servers on the same port, one per further core, share the
 * connections (Vert.x hands each new connection to the next server's event loop) and the same router.
 */
final class GuardedHttpServer extends VertxPlatformHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedHttpServer.class);

    private static final long SIBLING_WAIT_SECONDS = 10;

    private final VertxPlatformHttpServerConfiguration configuration;
    private final List<HttpServer> siblings = new ArrayList<>();

    GuardedHttpServer(VertxPlatformHttpServerConfiguration configuration) {
        super(configuration);
        this.configuration = configuration;
    }

    @Override
    protected void startServer() throws Exception {
        HttpServerGuards guards = CamelContextHelper.findSingleByType(getCamelContext(), HttpServerGuards.class);
        if (guards == null) {
            throw new IllegalStateException("no HttpServerGuards in the registry: the server would listen unguarded");
        }
        guards.install(getCamelContext(), VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(getConfigurationPort())));
        int port = configuration.getBindPort();
        // any free port (PORT=0) that the siblings can share: Vert.x shares a random port asked for as -1
        int sharedPort = port == 0 ? -1 : port;
        configuration.setBindPort(sharedPort);
        try {
            super.startServer();
        } finally {
            configuration.setBindPort(port);
        }
        if (!(getServer() instanceof TCPServerBase bound) || !bound.isListening()) {
            throw new StartupException("cannot listen on " + getHost() + ":" + getConfigurationPort()
                    + " (taken while the service started); is another program using it? Set PORT to another port", null);
        }
        ListeningAddress address = new ListeningAddress(getHost(), getPort());
        listenOnMoreEventLoops(sharedPort, Runtime.getRuntime().availableProcessors() - 1);
        getCamelContext().getRegistry().bind(ListeningAddress.NAME, address);
        // the API description names this server: with PORT=0, the port it got
        getCamelContext().getRestConfiguration().setPort(address.port());
        LOG.info("Listening on {}", address.url());
    }

    /** {@code count} more servers on the bound port, each on an event loop of its own, with the same router. */
    private void listenOnMoreEventLoops(int port, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            // platform-http's own server has default options too, plus TLS, which Librarian does not configure
            HttpServer sibling = getVertx().createHttpServer(new HttpServerOptions())
                    .requestHandler(getServer().requestHandler());
            sibling.listen(port, getHost()).toCompletionStage().toCompletableFuture()
                    .get(SIBLING_WAIT_SECONDS, TimeUnit.SECONDS);
            siblings.add(sibling);
        }
    }

    @Override
    protected void stopServer() {
        for (HttpServer sibling : siblings) {
            try {
                sibling.close().toCompletionStage().toCompletableFuture().get(SIBLING_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Could not close an HTTP server's sibling: {}", e.toString());
            }
        }
        siblings.clear();
        super.stopServer();
    }
}
