package dev.librarian.store.db;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code currentSchema} parameter of a PostgreSQL JDBC URL: the store's tables live in that schema. */
final class PostgresUrl {

    private static final Pattern CURRENT_SCHEMA = Pattern.compile("([?&])currentSchema=([^&]*)&?");

    private PostgresUrl() {
    }

    static String currentSchema(String url) {
        Matcher m = CURRENT_SCHEMA.matcher(url);
        return m.find() && !m.group(2).isBlank() ? m.group(2) : null;
    }

    static String withoutCurrentSchema(String url) {
        String stripped = CURRENT_SCHEMA.matcher(url).replaceFirst("$1");
        return stripped.endsWith("?") || stripped.endsWith("&") ? stripped.substring(0, stripped.length() - 1)
                : stripped;
    }
}
