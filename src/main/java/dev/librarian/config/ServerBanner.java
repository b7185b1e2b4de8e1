package dev.librarian.config;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The start-up lines that say where Librarian answers: the address the server really binds ({@code HOST}, 127.0.0.1
 * by default, and the port it got) and every HTTP endpoint there. (Camel Main's own summary, which printed 0.0.0.0
 * whatever the address, is not printed: {@link GuardedHttpServer} replaces Main's server.)
 */
final class ServerBanner implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(ServerBanner.class);

    private final AtomicBoolean printed = new AtomicBoolean();

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the endpoints are known once every route has started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        ListeningAddress address = context.getRegistry().lookupByNameAndType(ListeningAddress.NAME,
                ListeningAddress.class);
        if (address == null || !(context.getComponent("platform-http") instanceof PlatformHttpComponent http)
                || printed.getAndSet(true)) {
            return;
        }
        String baseUrl = address.url();
        Set<String> lines = new TreeSet<>();
        for (HttpEndpointModel endpoint : http.getHttpEndpoints()) {
            lines.add(String.format("    %-60s %s", baseUrl + endpoint.getUri(),
                    endpoint.getVerbs() == null ? "" : "(" + endpoint.getVerbs() + ")"));
        }
        // one line each: the log layout escapes line breaks inside a message
        LOG.info("Librarian serves {}/ (the web page) and these HTTP endpoints:", baseUrl);
        lines.forEach(LOG::info);
    }
}
