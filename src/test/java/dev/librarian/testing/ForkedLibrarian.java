package dev.librarian.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real service ({@code dev.librarian.App}) in a JVM of its own, started the way a user starts it: from the
 * project root (so {@code routes/} resolves), configured by environment variables, its console in a log file.
 * Unlike {@link RunningLibrarian} it can be killed for real: {@link #kill()} is SIGKILL on Linux, no shutdown hook
 * runs and nothing is flushed.
 */
public final class ForkedLibrarian {

    /** Services still running; a test that fails half-way must not leave them behind when its JVM ends. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final Pattern LISTENING = Pattern.compile("Listening on http://\\S+:(\\d+)");

    private final Process process;
    private final Path log;
    /** Where this process's output starts in {@link #log} (earlier runs may have written to it). */
    private final long logStart;
    /** The HTTP port; 0 until the service has said which port it got. */
    private volatile int port;

    private ForkedLibrarian(Process process, int port, Path log, long logStart) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.logStart = logStart;
    }

    /**
     * Starts the service with the test JVM's class path, pointed at {@code ollama}, with {@code env} on top of
     * test-friendly defaults; its output is appended to {@code log}. Returns once the process is launched.
     */
    public static ForkedLibrarian start(Path workDir, Path inbox, FakeOllama ollama, Map<String, String> env,
                                       Path log) throws IOException {
        // a short-lived service on a busy machine: start fast rather than peak
        return start(workDir, inbox, ollama, env, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m"),
                log);
    }

    /** As {@link #start(Path, Path, FakeOllama, Map, Path)}, with the given JVM options instead of the test ones. */
    public static ForkedLibrarian start(Path workDir, Path inbox, FakeOllama ollama, Map<String, String> env,
                                       List<String> jvmOptions, Path log) throws IOException {
        return start(Path.of("").toAbsolutePath(),
                List.of("-cp", System.getProperty("java.class.path"), "dev.librarian.App"),
                workDir, inbox, ollama, env, jvmOptions, log);
    }

    /**
     * As {@link #start(Path, Path, FakeOllama, Map, List, Path)}, started in {@code startDir} instead of the project
     * root (where a {@code routes/} folder would override the routes in the class path), launched with
     * {@code launch} after the JVM options ({@code -cp … dev.librarian.App}, or {@code -jar librarian.jar}).
     */
    public static ForkedLibrarian start(Path startDir, List<String> launch, Path workDir, Path inbox,
                                       FakeOllama ollama, Map<String, String> env, List<String> jvmOptions, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(launch);
        return startCommand(startDir, command, workDir, inbox, ollama, env, log);
    }

    /**
     * As {@link #start(Path, List, Path, Path, FakeOllama, Map, List, Path)}, launched by {@code command} itself, a
     * start script such as {@code bin/librarian}, with the same settings in its environment (JVM options go in
     * {@code env} as {@code JAVA_OPTS}).
     */
    public static ForkedLibrarian startCommand(Path startDir, List<String> command, Path workDir, Path inbox,
                                              FakeOllama ollama, Map<String, String> env, Path log)
            throws IOException {
        Map<String, String> settings = new HashMap<>();
        settings.put("WORKING_DIR", workDir.toString());
        settings.put("INPUT_DIR", inbox.toString());
        // any free port, bound by the service itself and read from its log: a port picked here could be taken by
        // another test JVM first
        settings.put("PORT", "0");
        settings.put("LLM_BINDING_HOST", ollama.url());
        settings.put("EMBEDDING_BINDING_HOST", ollama.url());
        settings.put("EMBEDDING_DIM", String.valueOf(ollama.config().embeddingDim()));
        settings.put("LLM_RETRY_DELAY_MS", "20");
        // tests write their files at once: a second of quiet is enough (the service waits longer by default)
        settings.put("INBOX_STABLE_MS", "1000");
        settings.put("LLM_TIMEOUT", "10");
        settings.putAll(env);

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(startDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(settings);
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        Process process = builder.start();
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
        return new ForkedLibrarian(process, Integer.parseInt(settings.get("PORT")), log, logStart);
    }

    /** Waits until the HTTP port accepts connections; fails if the process dies first. */
    public ForkedLibrarian awaitListening(Duration timeout) {
        int port = port(timeout);
        RunningLibrarian.await(timeout, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        }, "the service did not listen on port " + port + " in time; see " + log);
        return this;
    }

    /**
     * Waits until the routes answer ({@code GET /health} is 200: the port listens before the routes are started);
     * fails if the process dies first.
     */
    public ForkedLibrarian awaitReady(Duration timeout) {
        awaitListening(timeout);
        RunningLibrarian.await(timeout, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(url("/health"))).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }, "the service did not answer GET /health in time; see " + log);
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Sends {@code json} with {@code method} (POST, DELETE, ...) to {@code path}; waits for the answer. */
    public HttpResponse<String> send(String method, String path, String json) throws IOException,
            InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL: the process ends at once, mid-write if it is writing; returns when it is gone. */
    public void kill() {
        // a start script's JVM is its child where the script cannot exec it (cmd.exe)
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /**
     * SIGTERM: a graceful stop (Camel's shutdown hook runs); killed if it takes longer than {@code timeout}.
     * Returns whether it ended by itself in time.
     */
    public boolean stop(Duration timeout) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (waitFor(timeout)) {
            return true;
        }
        kill();
        return false;
    }

    /** Kills every service still running (after a failed test). */
    public static void killAll() {
        RUNNING.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    /** Waits for the process to end by itself and returns its exit code; fails if it is still running. */
    public int awaitExit(Duration timeout) {
        if (!waitFor(timeout)) {
            throw new AssertionError("the service still runs after " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    /** The HTTP port; waits (up to two minutes) until the service has bound it and said which it got. */
    public int port() {
        return port(Duration.ofMinutes(2));
    }

    private int port(Duration timeout) {
        if (port == 0) {
            RunningLibrarian.await(timeout, () -> {
                if (listeningPort() > 0) {
                    return true;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("the service exited with " + process.exitValue()
                            + " before it listened; see " + log);
                }
                return false;
            }, "the service did not say which port it listens on in time; see " + log);
            port = listeningPort();
        }
        return port;
    }

    /** The port in the service's "Listening on" line, or 0 while there is none. */
    private int listeningPort() {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = Math.min(file.length() - logStart, 4L << 20);
            if (length <= 0) {
                return 0;
            }
            byte[] bytes = new byte[(int) length];
            file.seek(logStart);
            file.readFully(bytes);
            Matcher m = LISTENING.matcher(new String(bytes, StandardCharsets.UTF_8));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException notYet) {
            return 0;
        }
    }

    /** The service's operating-system process id (for {@code /proc/<pid>/status} or {@code jcmd}). */
    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
