package dev.librarian.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of the web page, read once from the classpath ({@code /ui/…} inside the jar). Only the names listed
 * here are served, so no request can reach any other resource or the file system.
 */
public final class UiAssets {

    /** The page served at {@code GET /}. */
    public static final String PAGE = "index.html";

    private static final Map<String, String> TYPES = Map.of(
            PAGE, "text/html; charset=utf-8",
            "style.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "graph.js", "text/javascript; charset=utf-8",
            "docs.html", "text/html; charset=utf-8",
            "docs.js", "text/javascript; charset=utf-8");

    private record Asset(byte[] body, String contentType) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    public UiAssets() {
        TYPES.forEach((name, type) -> assets.put(name, new Asset(load(name), type)));
    }

    /** The bytes of {@code name}; {@link NotFoundException} for anything that is not one of the page's files. */
    public byte[] body(String name) {
        return asset(name).body();
    }

    public String contentType(String name) {
        return asset(name).contentType();
    }

    private Asset asset(String name) {
        Asset asset = name == null ? null : assets.get(name);
        if (asset == null) {
            throw new NotFoundException("no such page file: " + name);
        }
        return asset;
    }

    private static byte[] load(String name) {
        try (InputStream in = UiAssets.class.getResourceAsStream("/ui/" + name)) {
            if (in == null) {
                throw new IllegalStateException("web page file /ui/" + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read web page file /ui/" + name, e);
        }
    }
}
