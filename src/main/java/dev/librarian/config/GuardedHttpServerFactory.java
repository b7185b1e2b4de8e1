package dev.librarian.config;

import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.HttpServerConfigurationProperties;
import org.apache.camel.main.MainHttpServerFactory;

/**
 * Camel Main's HTTP server as {@code camel.server.*} configures it, started as a {@link GuardedHttpServer}. Camel
 * Main looks this factory up in the registry before its own; it must be bound before Main configures the context
 * (Main creates the server before any {@code CamelConfiguration} runs).
 */
public final class GuardedHttpServerFactory implements MainHttpServerFactory {

    private final DefaultMainHttpServerFactory camelDefaults = new DefaultMainHttpServerFactory();

    @Override
    public Service newHttpServer(CamelContext camelContext, HttpServerConfigurationProperties properties) {
        // Camel's factory reads the properties (host, port, path, body limit, uploads) into a server configuration
        MainHttpServer configured = (MainHttpServer) camelDefaults.newHttpServer(camelContext, properties);
        VertxPlatformHttpServerConfiguration configuration = configured.getConfiguration();
        configuration.setServerType(VertxPlatformHttpRouter.SERVER_TYPE_SERVER);
        GuardedHttpServer server = new GuardedHttpServer(configuration);
        server.setCamelContext(camelContext);
        return server;
    }

    @Override
    public Service newHttpManagementServer(CamelContext camelContext,
            HttpManagementServerConfigurationProperties properties) {
        return camelDefaults.newHttpManagementServer(camelContext, properties);
    }
}
