package dev.librarian.api;

import dev.librarian.config.HostNames;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a web page in the user's browser may do with the API when no API key is set. A page of another origin can
 * send simple requests (a {@code text/plain} POST, a form upload) without asking, and a page whose name was
 * rebound to this machine (DNS rebinding) even reads the answers; both are told apart from the user's own page
 * and from scripts by the {@code Host}, {@code Origin} and {@code Referer} headers a browser always sets.
 * Requests without {@code Origin} and {@code Referer} (curl, scripts, Ollama clients) are not browser pages
 * of another origin and pass.
 */
public final class BrowserOriginGuard {

    private static final String ANY = "*";
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private final Set<String> hosts = new HashSet<>(LOOPBACK);
    private final boolean anyHost;
    private final Set<String> corsOrigins = new HashSet<>();
    private final boolean anyOrigin;

    /**
     * @param bindHost     the configured {@code HOST}; a wildcard address (0.0.0.0, ::) names no host
     * @param allowedHosts {@code ALLOWED_HOSTS}: further names (or {@code *}) the {@code Host} header may carry
     * @param corsOrigins  {@code CORS_ORIGINS}: origins (or {@code *}) of other pages allowed to call the API
     */
    public BrowserOriginGuard(String bindHost, List<String> allowedHosts, List<String> corsOrigins) {
        hostName(HostNames.bracketed(bindHost))
                .filter(h -> !h.equals("0.0.0.0") && !h.equals("[::]"))
                .ifPresent(hosts::add);
        allowedHosts.forEach(h -> hostName(h).ifPresent(hosts::add));
        this.anyHost = allowedHosts.contains(ANY);
        corsOrigins.forEach(o -> origin(o).ifPresent(this.corsOrigins::add));
        this.anyOrigin = corsOrigins.contains(ANY);
    }

    /** Why a request with this {@code Host} header is refused, or null. A request without one is not a browser's. */
    public String hostRefusal(String hostHeader) {
        if (hostHeader == null || anyHost) {
            return null;
        }
        Optional<String> name = hostName(hostHeader);
        if (name.isPresent() && hosts.contains(name.get())) {
            return null;
        }
        return "Host '" + hostHeader + "' is not this server's: add it to ALLOWED_HOSTS to serve it";
    }

    /**
     * Why a request is refused because of the page it comes from, or null. {@code Referer} counts only when there is
     * no {@code Origin}. The page's own files hold no data and stay reachable from links on other sites.
     */
    public String originRefusal(String method, String path, String hostHeader, String originHeader, String referer) {
        if (pageFile(method, path)) {
            return null;
        }
        String claimed = originHeader != null ? originHeader : referer;
        if (claimed == null) {
            return null;
        }
        Optional<String> from = origin(claimed);
        if (from.isPresent() && (sameOrigin(from.get(), hostHeader) || listed(from.get()))) {
            return null;
        }
        return "requests from the web page at " + (from.orElse("'" + claimed + "'"))
                + " are refused: only this server's own page, or an origin listed in CORS_ORIGINS, may call it";
    }

    /** Whether responses to this {@code Origin} carry CORS headers: it is listed in {@code CORS_ORIGINS}. */
    public boolean corsAllowed(String originHeader) {
        return originHeader != null && origin(originHeader).map(this::listed).orElse(false);
    }

    private boolean listed(String origin) {
        return anyOrigin || corsOrigins.contains(origin);
    }

    private static boolean pageFile(String method, String path) {
        return ("GET".equals(method) || "HEAD".equals(method)) && ("/".equals(path) || path.startsWith("/ui/"));
    }

    /** The page is this server's own: its origin's host and port are the ones the request was sent to. */
    private static boolean sameOrigin(String origin, String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String scheme = origin.substring(0, origin.indexOf("://"));
        return origin("http://" + hostHeader).map(o -> o.substring("http://".length()))
                .map(authority -> origin.equals(scheme + "://" + withDefaultPortStripped(scheme, authority)))
                .orElse(false);
    }

    private static String withDefaultPortStripped(String scheme, String authority) {
        String defaultPort = scheme.equals("https") ? ":443" : ":80";
        return authority.endsWith(defaultPort) ? authority.substring(0, authority.length() - defaultPort.length())
                : authority;
    }

    /** {@code scheme://host[:port]} in lower case without a default port, or empty for {@code null} and junk. */
    static Optional<String> origin(String value) {
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme();
            if (uri.getHost() == null || scheme == null) {
                return Optional.empty();
            }
            // any scheme with a host: browser extensions call from chrome-extension://<id> or moz-extension://<id>
            scheme = scheme.toLowerCase(Locale.ROOT);
            String host = stripDot(uri.getHost().toLowerCase(Locale.ROOT));
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            return Optional.of(scheme + "://" + withDefaultPortStripped(scheme, host + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The host name of a {@code Host} header or setting, without its port, in lower case; IPv6 in brackets. */
    static Optional<String> hostName(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            return end < 0 ? Optional.empty() : Optional.of(v.substring(0, end + 1));
        }
        int colon = v.indexOf(':');
        if (colon >= 0 && v.indexOf(':', colon + 1) >= 0) {
            return Optional.of("[" + v + "]");
        }
        return Optional.of(stripDot(colon < 0 ? v : v.substring(0, colon)));
    }

    /** {@code localhost.} is {@code localhost}: a trailing dot only makes a name fully qualified. */
    private static String stripDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
