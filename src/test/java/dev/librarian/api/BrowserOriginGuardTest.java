package dev.librarian.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The rules of {@link BrowserOriginGuard} on the header values browsers and attackers send. */
class BrowserOriginGuardTest {

    private final BrowserOriginGuard loopbackOnly = new BrowserOriginGuard("127.0.0.1", List.of(), List.of());

    @Test
    void should_accept_loopback_names_the_bind_host_and_allowed_hosts_with_any_port() {
        BrowserOriginGuard guard = new BrowserOriginGuard("192.0.2.7", List.of("library.lan"), List.of());
        for (String host : List.of("localhost", "localhost:9621", "LOCALHOST.:9621", "127.0.0.1:80", "[::1]:9621",
                "192.0.2.7:9621", "library.lan", "Library.LAN:9621")) {
            assertNull(guard.hostRefusal(host), host);
        }
        for (String host : List.of("evil.example", "evil.example:9621", "localhost.evil.example", "127.0.0.1.nip.io",
                "[::2]:9621", "192.0.2.8")) {
            assertNotNull(guard.hostRefusal(host), host);
        }
        assertNull(guard.hostRefusal(null), "no Host: not a browser");
    }

    @Test
    void should_name_no_host_for_a_wildcard_bind_address_and_take_any_with_a_star() {
        BrowserOriginGuard everywhere = new BrowserOriginGuard("0.0.0.0", List.of(), List.of());
        assertNotNull(everywhere.hostRefusal("0.0.0.0:9621"));
        assertNull(everywhere.hostRefusal("localhost:9621"));
        assertNull(new BrowserOriginGuard("::1", List.of(), List.of()).hostRefusal("[::1]:9621"));
        assertNull(new BrowserOriginGuard("0.0.0.0", List.of("*"), List.of()).hostRefusal("anything.example"));
    }

    @Test
    void should_let_the_own_page_listed_origins_and_scripts_through() {
        assertNull(loopbackOnly.originRefusal("POST", "/query", "127.0.0.1:9621", null, null), "a script");
        assertNull(loopbackOnly.originRefusal("POST", "/query", "127.0.0.1:9621", "http://127.0.0.1:9621", null));
        assertNull(loopbackOnly.originRefusal("POST", "/query", "localhost", "http://localhost:80", null));
        assertNull(loopbackOnly.originRefusal("POST", "/query", "localhost:9621", "https://localhost:9621", null),
                "the own page behind a TLS proxy that keeps the Host");
        assertNull(loopbackOnly.originRefusal("GET", "/documents", "localhost:9621", null,
                "http://localhost:9621/?tab=graph"), "a same-origin GET carries only a Referer");
        BrowserOriginGuard listing = new BrowserOriginGuard("127.0.0.1", List.of(),
                List.of("http://localhost:3000", "chrome-extension://abcdefgh"));
        assertNull(listing.originRefusal("POST", "/api/chat", "localhost:9621", "http://localhost:3000", null));
        assertNull(listing.originRefusal("POST", "/api/chat", "localhost:9621", "chrome-extension://abcdefgh", null));
        assertNotNull(listing.originRefusal("POST", "/api/chat", "localhost:9621", "http://localhost:3001", null));
    }

    @Test
    void should_refuse_other_pages_by_origin_or_referer() {
        for (String origin : List.of("http://evil.example", "null", "http://127.0.0.1:8080", "https://127.0.0.1:8443",
                "http://localhost:9621.evil.example", "file://")) {
            assertNotNull(loopbackOnly.originRefusal("POST", "/documents/text", "127.0.0.1:9621", origin, null),
                    origin);
        }
        assertNotNull(loopbackOnly.originRefusal("POST", "/documents/upload", "127.0.0.1:9621", null,
                "http://evil.example/form.html"));
        assertNotNull(loopbackOnly.originRefusal("POST", "/documents/text", "127.0.0.1:9621", "http://evil.example",
                "http://127.0.0.1:9621/"), "the Origin counts, not a Referer beside it");
        assertNull(loopbackOnly.originRefusal("GET", "/", "127.0.0.1:9621", null, "http://evil.example/"),
                "the page itself opens from a link elsewhere");
        assertNotNull(loopbackOnly.originRefusal("POST", "/", "127.0.0.1:9621", "http://evil.example", null));
    }
}
