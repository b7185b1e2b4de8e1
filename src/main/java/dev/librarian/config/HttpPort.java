package dev.librarian.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The HTTP port must be free before anything else starts: the HTTP server reports a failed bind only in its log, and a
 * service without its API would still take files from the inbox.
 */
final class HttpPort {

    private HttpPort() {
    }

    static void requireFree(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new StartupException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); is another program using it? Set PORT to another port", e);
        }
    }
}
