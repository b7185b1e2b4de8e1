package dev.librarian.bench;

import java.util.HashMap;
import java.util.Map;

/** The {@code --name value} pairs of a benchmark's command line. */
final class BenchOptions {

    private final Map<String, String> values = new HashMap<>();

    BenchOptions(String[] args) {
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        String value = values.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }
}
