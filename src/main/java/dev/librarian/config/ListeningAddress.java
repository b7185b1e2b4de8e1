package dev.librarian.config;

/**
 * Where the HTTP server listens once it is bound: {@code HOST} and the port it really got ({@code PORT=0} asks for
 * any free port). Bound in the registry under {@link #NAME} by the server's start.
 */
public record ListeningAddress(String host, int port) {

    public static final String NAME = "listeningAddress";

    /** {@code http://host:port}, an IPv6 host in brackets. */
    public String url() {
        return "http://" + HostNames.bracketed(host) + ":" + port;
    }
}
