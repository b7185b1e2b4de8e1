package dev.librarian.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Where the YAML routes come from. The project's {@code routes/} folder is packed into the jar under {@code routes/},
 * so {@code java -jar librarian.jar} serves from any directory. A folder of the user's own routes ({@code ROUTES_DIR},
 * by default {@code routes/} in the start directory, used only when it exists) overrides them file by file: a file
 * named like a built-in one replaces it, any other {@code *.camel.yaml} is added.
 */
public final class RouteSources {

    /** Where the built-in routes sit on the class path (in the jar, or target/classes). */
    static final String BUILT_IN = "routes/";
    static final String SUFFIX = ".camel.yaml";

    private RouteSources() {
    }

    /** The folder of the user's routes: {@code ROUTES_DIR} (environment, then system property), else {@code routes}. */
    public static Path userDir() {
        String dir = System.getenv("ROUTES_DIR");
        if (dir == null || dir.isBlank()) {
            dir = System.getProperty("ROUTES_DIR", "routes");
        }
        return Path.of(dir);
    }

    /**
     * The value of {@code camel.main.routes-include-pattern}: one location per route file, built-in ones from the
     * class path unless {@code userDir} has a file of the same name.
     */
    public static String includePattern(Path userDir) {
        Map<String, String> byName = new TreeMap<>();
        for (String name : builtInNames()) {
            byName.put(name, "classpath:" + BUILT_IN + name);
        }
        if (Files.isDirectory(userDir)) {
            try (Stream<Path> files = Files.list(userDir)) {
                files.filter(f -> f.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(f))
                        .forEach(f -> byName.put(f.getFileName().toString(),
                                "file:" + f.toAbsolutePath().toString().replace('\\', '/')));
            } catch (IOException e) {
                throw new StartupException("cannot list the routes in " + userDir.toAbsolutePath() + ": " + e, e);
            }
        }
        if (byName.isEmpty()) {
            throw new StartupException("no routes: none on the class path under " + BUILT_IN + " and none in "
                    + userDir.toAbsolutePath(), null);
        }
        return String.join(",", byName.values());
    }

    /**
     * The names of the {@code *.camel.yaml} files under {@code routes/} where Librarian's classes are: the jar (with
     * or without directory entries) or target/classes.
     */
    static List<String> builtInNames() {
        List<String> names = new ArrayList<>();
        try {
            Path home = Path.of(RouteSources.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(home)) {
                Path routes = home.resolve(BUILT_IN);
                if (Files.isDirectory(routes)) {
                    try (Stream<Path> files = Files.list(routes)) {
                        files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(SUFFIX)).forEach(names::add);
                    }
                }
            } else {
                try (JarFile jar = new JarFile(home.toFile())) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        String entry = e.nextElement().getName();
                        if (entry.startsWith(BUILT_IN) && entry.endsWith(SUFFIX)
                                && entry.indexOf('/', BUILT_IN.length()) < 0) {
                            names.add(entry.substring(BUILT_IN.length()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the built-in routes", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list the built-in routes", e);
        }
        return names;
    }
}
