package dev.librarian.config;

/** Host names as they stand in a URL or a {@code Host} header. */
public final class HostNames {

    private HostNames() {
    }

    /** An IPv6 address in brackets ({@code ::1} → {@code [::1]}); any other host, or one in brackets, as it is. */
    public static String bracketed(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
