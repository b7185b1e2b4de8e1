package dev.librarian.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HostNamesTest {

    @Test
    void an_ipv6_address_is_bracketed_once_and_other_hosts_stay_as_they_are() {
        assertEquals("[::1]", HostNames.bracketed("::1"));
        assertEquals("[fe80::1%eth0]", HostNames.bracketed("fe80::1%eth0"));
        assertEquals("[::1]", HostNames.bracketed("[::1]"));
        assertEquals("127.0.0.1", HostNames.bracketed("127.0.0.1"));
        assertEquals("librarian.local", HostNames.bracketed("librarian.local"));
    }

    @Test
    void a_listening_address_on_ipv6_makes_a_url_a_client_can_use() {
        assertEquals("http://[::1]:9621", new ListeningAddress("::1", 9621).url());
        assertEquals("http://0.0.0.0:9621", new ListeningAddress("0.0.0.0", 9621).url());
    }
}
