package dev.librarian.config;

import dev.librarian.api.ApiKeyGuard;
import dev.librarian.api.BrowserOriginGuard;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.ObjectHelper;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server listens guarded or not at all: a port taken after {@link HttpPort}'s check (here, no check ran) stops
 * the start with the port in the reason, where platform-http would only log the failed bind and run without an API.
 * It reads and answers its connections on as many event loops as there are cores.
 */
class GuardedHttpServerTest {

    @Test
    void a_port_taken_when_the_server_binds_stops_the_start() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             DefaultCamelContext camel = contextWithGuards()) {
            GuardedHttpServer server = server(camel, taken.getLocalPort());
            Exception failure = assertThrows(Exception.class, server::start);
            StartupException reason = ObjectHelper.getException(StartupException.class, failure);
            assertTrue(reason != null && reason.getMessage().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                    String.valueOf(failure));
            server.stop();
        }
    }

    @Test
    void a_free_port_is_listened_on() throws Exception {
        try (DefaultCamelContext camel = contextWithGuards()) {
            // port 0: any free port, the one the server got is in its address
            GuardedHttpServer server = server(camel, 0);
            server.start();
            try (Socket client = new Socket()) {
                ListeningAddress address = camel.getRegistry().lookupByNameAndType(ListeningAddress.NAME,
                        ListeningAddress.class);
                // throws if nothing listens there
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), address.port()), 2000);
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void connections_are_answered_on_an_event_loop_per_core() throws Exception {
        try (DefaultCamelContext camel = contextWithGuards()) {
            GuardedHttpServer server = server(camel, 0);
            server.start();
            camel.start();
            try {
                Set<Thread> loops = ConcurrentHashMap.newKeySet();
                VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(0))
                        .route("/which-loop").handler(ctx -> {
                            loops.add(Thread.currentThread());
                            ctx.response().end("ok");
                        });
                int port = camel.getRegistry().lookupByNameAndType(ListeningAddress.NAME, ListeningAddress.class).port();
                int cores = Runtime.getRuntime().availableProcessors();
                for (int i = 0; i < 2 * cores; i++) {
                    assertTrue(answerOnANewConnection(port).startsWith("HTTP/1.1 200"));
                }
                assertEquals(cores, loops.size(), "event-loop threads that answered: " + loops);
            } finally {
                server.stop();
            }
        }
    }

    private static String answerOnANewConnection(int port) throws Exception {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(("GET /which-loop HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static DefaultCamelContext contextWithGuards() {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("httpServerGuards", new HttpServerGuards(
                new BrowserOriginGuard("127.0.0.1", List.of(), List.of()), new ApiKeyGuard(null), 1024,
                new RequestBodyWatch(1000)));
        return camel;
    }

    private static GuardedHttpServer server(DefaultCamelContext camel, int port) {
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost("127.0.0.1");
        configuration.setBindPort(port);
        configuration.setServerType(VertxPlatformHttpRouter.SERVER_TYPE_SERVER);
        GuardedHttpServer server = new GuardedHttpServer(configuration);
        server.setCamelContext(camel);
        return server;
    }
}
