package dev.librarian.app;

import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.ForkedLibrarian;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar librarian.jar} started from a directory with nothing beside it serves: its routes come from the jar,
 * and a folder of the user's own routes ({@code ROUTES_DIR}) replaces a built-in file of the same name and adds others.
 */
class RunsAnywhereTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void started_elsewhere_it_serves_the_built_in_routes_and_the_users_own() throws Exception {
        Path startDir = Files.createDirectories(tmp.resolve("elsewhere"));
        Path ownRoutes = Files.createDirectories(tmp.resolve("my-routes"));
        Files.writeString(ownRoutes.resolve("hello.camel.yaml"), """
                - route:
                    id: hello
                    from:
                      uri: platform-http:/hello
                      steps:
                        - setBody:
                            constant: "hello from my own route"
                """, StandardCharsets.UTF_8);
        // replaces the built-in metrics.camel.yaml (its rest and route ids are gone, this one answers instead)
        Files.writeString(ownRoutes.resolve("metrics.camel.yaml"), """
                - route:
                    id: my-metrics
                    from:
                      uri: platform-http:/metrics
                      steps:
                        - setBody:
                            constant: "my metrics"
                """, StandardCharsets.UTF_8);

        Path jar = jarOfTheBuild(tmp.resolve("dist"));
        try (FakeOllama ollama = FakeOllama.start()) {
            ForkedLibrarian service = ForkedLibrarian.start(startDir, List.of("-jar", jar.toString()),
                    tmp.resolve("cache"), tmp.resolve("inbox"), ollama, Map.of("ROUTES_DIR", ownRoutes.toString()),
                    List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m"), tmp.resolve("service.log"));
            try {
                service.awaitReady(Duration.ofSeconds(120));
            } catch (AssertionError e) {
                service.kill();
                throw new AssertionError(e.getMessage() + ":\n" + Files.readString(service.log()), e);
            }

            assertFalse(Files.exists(startDir.resolve("routes")), "nothing beside the start directory");
            assertEquals(200, get(service, "/health").statusCode());
            HttpResponse<String> documents = get(service, "/documents");
            assertEquals(200, documents.statusCode(), "a built-in route from the class path: " + documents.body());
            assertTrue(documents.body().contains("statuses"), documents.body());
            assertEquals("hello from my own route", get(service, "/hello").body());
            assertEquals("my metrics", get(service, "/metrics").body());
            assertTrue(service.stop(Duration.ofSeconds(30)), "and stops gracefully");
        } finally {
            ForkedLibrarian.killAll();
        }
    }

    /**
     * The distribution's start script, {@code bin/librarian} ({@code bin\librarian.cmd} on Windows), started from an
     * empty directory with {@code librarian.jar} beside its {@code bin/}: the service serves, with {@code JAVA_OPTS}
     * given to its JVM; without a jar the script says how to build one instead of a Java stack trace.
     */
    @Test
    void the_start_script_finds_the_jar_beside_it_and_serves_from_anywhere() throws Exception {
        Path dist = tmp.resolve("librarian");
        Path bin = Files.createDirectories(dist.resolve("bin"));
        for (String script : List.of("librarian", "librarian.cmd")) {
            Files.copy(Path.of("bin", script), bin.resolve(script));
        }
        Path startDir = Files.createDirectories(tmp.resolve("elsewhere"));

        Process missing = new ProcessBuilder(startScript(bin)).directory(startDir.toFile())
                .redirectErrorStream(true).start();
        String said = new String(missing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(missing.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the script ends without a jar");
        assertEquals(1, missing.exitValue(), said);
        assertTrue(said.contains("librarian.jar not found") && said.contains("mvn -q -DskipTests package"), said);

        jarOfTheBuild(dist);
        try (FakeOllama ollama = FakeOllama.start()) {
            ForkedLibrarian service = ForkedLibrarian.startCommand(startDir, startScript(bin), tmp.resolve("cache"),
                    tmp.resolve("inbox"), ollama, Map.of(
                            "JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx384m",
                            // the java the script finds first on the PATH: this JVM's
                            "PATH", Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator
                                    + System.getenv().getOrDefault("PATH", "")),
                    tmp.resolve("script.log"));
            try {
                service.awaitReady(Duration.ofSeconds(120));
            } catch (AssertionError e) {
                service.kill();
                throw new AssertionError(e.getMessage() + ":\n" + Files.readString(service.log()), e);
            }
            HttpResponse<String> documents = get(service, "/documents");
            assertEquals(200, documents.statusCode(), documents.body());
            assertTrue(documents.body().contains("statuses"), documents.body());
            HttpResponse<String> unknown = get(service, "/no/such/page");
            assertEquals(404, unknown.statusCode());
            assertTrue(unknown.body().startsWith("{\"detail\""), unknown.body());
            List<String> jvmArguments = jvmArguments(service);
            assertTrue(jvmArguments.isEmpty() || jvmArguments.contains("-Xmx384m"),
                    "JAVA_OPTS reaches the JVM: " + jvmArguments);
            if (!windows()) {
                assertTrue(service.stop(Duration.ofSeconds(30)), "Ctrl-C / SIGTERM stops the service (the script "
                        + "execs java)");
            }
        } finally {
            ForkedLibrarian.killAll();
        }
    }

    private static List<String> startScript(Path bin) {
        return windows() ? List.of("cmd.exe", "/c", bin.resolve("librarian.cmd").toString())
                : List.of("sh", bin.resolve("librarian").toString());
    }

    private static boolean windows() {
        return System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }

    /** The arguments of the service's JVM as the system reports them (none where it does not). */
    private static List<String> jvmArguments(ForkedLibrarian service) {
        List<ProcessHandle> jvms = new java.util.ArrayList<>();
        ProcessHandle.of(service.pid()).ifPresent(script -> {
            jvms.add(script);
            script.descendants().forEach(jvms::add);
        });
        return jvms.stream().flatMap(p -> p.info().arguments().stream().flatMap(Stream::of)).toList();
    }

    /**
     * A {@code librarian.jar} as {@code mvn package} makes it (Main-Class, a manifest Class-Path, the classes and the
     * routes inside, with directory entries), made here from target/classes since tests run before packaging; its
     * manifest names the dependencies where Maven keeps them instead of a lib/ folder beside it.
     */
    private static Path jarOfTheBuild(Path dir) throws Exception {
        Path classes = Path.of("target", "classes").toAbsolutePath();
        assertTrue(Files.exists(classes.resolve("routes/http.camel.yaml")), "the build copies routes/ into the classes");
        StringBuilder classPath = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            if (entry.endsWith(".jar") && !path.startsWith(Path.of("target").toAbsolutePath())) {
                classPath.append(path.toUri()).append(' ');
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.librarian.App");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath.toString().strip());
        Path jar = Files.createDirectories(dir).resolve("librarian.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            // directory entries too, as the jar plugin writes them: Camel's package scan finds the beans through them
            for (Path file : files.filter(f -> !f.equals(classes)).toList()) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                boolean directory = Files.isDirectory(file);
                out.putNextEntry(new JarEntry(directory ? name + "/" : name));
                if (!directory) {
                    Files.copy(file, out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    private static HttpResponse<String> get(ForkedLibrarian service, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(service.url(path))).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
