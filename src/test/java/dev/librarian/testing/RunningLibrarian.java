package dev.librarian.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.App;
import dev.librarian.config.ListeningAddress;
import dev.librarian.status.DocStatus;
import dev.librarian.mirror.LightRagMirror;
import dev.librarian.status.DocStatusRepository;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The real Librarian application (routes from {@code routes/}, beans, HTTP server) started in-process for a
 * test, with its working directory and inbox in temp folders and Ollama pointed at a {@link FakeOllama}.
 */
public final class RunningLibrarian implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Main main;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningLibrarian(Main main, int port) {
        this.main = main;
        this.port = port;
    }

    /** Starts with test-friendly defaults (fast retries, small vectors); {@code overrides} win. */
    public static RunningLibrarian start(Path workDir, Path inbox, FakeOllama ollama, Map<String, String> overrides)
            throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("WORKING_DIR", workDir.toString());
        props.put("INPUT_DIR", inbox.toString());
        // any free port, bound by the service itself: a port picked here could be taken by another test JVM first
        props.put("PORT", "0");
        props.put("LLM_BINDING_HOST", ollama.url());
        props.put("EMBEDDING_BINDING_HOST", ollama.url());
        props.put("EMBEDDING_DIM", String.valueOf(ollama.config().embeddingDim()));
        props.put("LLM_RETRY_DELAY_MS", "20");
        props.put("LLM_TIMEOUT", "10");
        props.put("OLLAMA_PROBE_INTERVAL_MS", "100");
        // tests write their files at once: a second of quiet is enough (the service waits longer by default)
        props.put("INBOX_STABLE_MS", "1000");
        // a queue's consumers notice a stop at their next poll: 1 s each (the default) made every stop take seconds
        props.put("camel.component.seda.default-poll-timeout", "100");
        props.putAll(overrides);
        Main main = App.newMain();
        props.forEach(main::addOverrideProperty);
        main.start();
        ListeningAddress address = main.getCamelContext().getRegistry()
                .lookupByNameAndType(ListeningAddress.NAME, ListeningAddress.class);
        if (address == null) {
            main.stop();
            throw new IllegalStateException("the service started without an HTTP server");
        }
        return new RunningLibrarian(main, address.port());
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public DocStatusRepository status() {
        return context().getRegistry().lookupByNameAndType("docStatus", DocStatusRepository.class);
    }

    public Optional<DocStatus> statusOf(String docId) {
        return status().statusOf(docId);
    }

    /**
     * Waits until the document reaches processed or failed, then has LightRAG's files written from the store (the
     * mirror would write them a moment later by itself); returns the status.
     */
    public DocStatus awaitFinished(String docId, Duration timeout) {
        DocStatus status = awaitFinishedUnmirrored(docId, timeout);
        exportMirror();
        return status;
    }

    /** Waits until the document reaches processed or failed, leaving the mirror to its own timing; the status. */
    public DocStatus awaitFinishedUnmirrored(String docId, Duration timeout) {
        await(timeout, () -> statusOf(docId).map(s -> s == DocStatus.PROCESSED || s == DocStatus.FAILED)
                .orElse(false), "document " + docId + " did not finish; status " + statusOf(docId));
        return statusOf(docId).orElseThrow();
    }

    /** Writes LightRAG's files from the store now, as the mirror does once indexing is quiet. */
    public void exportMirror() {
        context().getRegistry().lookupByNameAndType("lightRagMirror", LightRagMirror.class).export();
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST /documents/upload} with a browser-style multipart/form-data body: one part, field {@code file}. */
    public HttpResponse<String> upload(String fileName, byte[] content) throws IOException, InterruptedException {
        String boundary = "----librarian" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(url("/documents/upload")))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        main.stop();
    }

    /**
     * Puts a file into {@code inbox} whole: written in {@code staging} (a folder beside it), then moved in at once, so
     * the inbox never sees it half-written.
     */
    public static void drop(Path staging, Path inbox, String name, byte[] bytes) {
        try {
            Path staged = java.nio.file.Files.createDirectories(staging).resolve(name);
            java.nio.file.Files.write(staged, bytes);
            java.nio.file.Files.move(staged, inbox.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void await(Duration timeout, BooleanSupplier condition, String failure) {
        await(timeout, Duration.ofMillis(20), condition, failure);
    }

    /** As {@link #await(Duration, BooleanSupplier, String)}, checking every {@code interval}. */
    public static void await(Duration timeout, Duration interval, BooleanSupplier condition, String failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure);
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + failure);
            }
        }
    }
}
