package dev.librarian.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A headless Chromium driven through Debian's {@code chromedriver} over the W3C WebDriver HTTP protocol: just the
 * commands the page tests need, with java.net.http and Jackson. Each instance starts its own chromedriver and a
 * browser with a fresh profile, and ends both on {@link #close()}.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** The W3C key under which an element reference travels. */
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String session;

    /**
     * Skips the calling test when Chromium or chromedriver is missing, unless {@code REQUIRE_BROWSER=1} (as in
     * {@code .ci/run}), in which case it fails.
     */
    public static void assumeInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String message = "headless browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                + " (Debian: apt-get install -y chromium chromium-driver; .ci/run installs them)";
        if ("1".equals(System.getenv("REQUIRE_BROWSER"))) {
            Assertions.assertTrue(installed, message + ", and REQUIRE_BROWSER=1 is set");
        }
        Assumptions.assumeTrue(installed, message + " — skipped");
    }

    /** Starts chromedriver and a browser whose viewport is {@code width} × {@code height} CSS pixels. */
    public static HeadlessChromium start(Path workDir, int width, int height) throws Exception {
        Path profile = Files.createDirectories(workDir.resolve("chromium-profile"));
        int port = freePort();
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("chromedriver.log").toFile())
                .start();
        HeadlessChromium chromium = new HeadlessChromium(driver, "http://127.0.0.1:" + port);
        try {
            chromium.awaitReady();
            chromium.newSession(profile, width, height);
        } catch (Exception | AssertionError e) {
            chromium.close();
            throw e;
        }
        return chromium;
    }

    private HeadlessChromium(Process driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    private void awaitReady() {
        RunningLibrarian.await(Duration.ofSeconds(30), () -> {
            try {
                return send("GET", "/status", null).path("ready").asBoolean(false);
            } catch (Exception e) {
                return false;
            }
        }, "chromedriver did not become ready");
    }

    private void newSession(Path profile, int width, int height) throws Exception {
        ArrayNode args = JSON.createArrayNode();
        for (String arg : List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=en-US",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height)) {
            args.add(arg);
        }
        ObjectNode options = JSON.createObjectNode().put("binary", CHROMIUM.toString());
        options.set("args", args);
        ObjectNode always = JSON.createObjectNode().put("browserName", "chrome");
        always.set("goog:chromeOptions", options);
        ObjectNode capabilities = JSON.createObjectNode();
        capabilities.putObject("capabilities").set("alwaysMatch", always);
        session = send("POST", "/session", capabilities).path("sessionId").asText(null);
        Assertions.assertNotNull(session, "chromedriver gave no session id");
        // --window-size sets the outer window; make the page's viewport exactly the size asked for
        long innerWidth = ((Number) script("return window.innerWidth")).longValue();
        long innerHeight = ((Number) script("return window.innerHeight")).longValue();
        if (innerWidth != width || innerHeight != height) {
            JsonNode rect = command("GET", "/window/rect", null);
            ObjectNode resize = JSON.createObjectNode()
                    .put("width", rect.path("width").asInt() + width - innerWidth)
                    .put("height", rect.path("height").asInt() + height - innerHeight);
            command("POST", "/window/rect", resize);
        }
    }

    public void open(String url) throws Exception {
        command("POST", "/url", JSON.createObjectNode().put("url", url));
    }

    /** The first element matching the CSS selector; fails when there is none. */
    public Element find(String css) throws Exception {
        JsonNode value = command("POST", "/element",
                JSON.createObjectNode().put("using", "css selector").put("value", css));
        return new Element(value.path(ELEMENT).asText());
    }

    public List<Element> findAll(String css) throws Exception {
        JsonNode value = command("POST", "/elements",
                JSON.createObjectNode().put("using", "css selector").put("value", css));
        List<Element> out = new ArrayList<>();
        value.forEach(v -> out.add(new Element(v.path(ELEMENT).asText())));
        return out;
    }

    /** Runs JavaScript in the page; the result comes back as Jackson turns JSON into Java (Map, List, Number…). */
    public Object script(String js, Object... args) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("script", js);
        body.set("args", JSON.valueToTree(args));
        return JSON.treeToValue(command("POST", "/execute/sync", body), Object.class);
    }

    /** A PNG of the viewport. */
    public byte[] screenshot() throws Exception {
        return Base64.getDecoder().decode(command("GET", "/screenshot", null).asText());
    }

    /** One element of the page, as chromedriver knows it. */
    public final class Element {
        private final String id;

        private Element(String id) {
            this.id = id;
        }

        public void click() throws Exception {
            command("POST", "/element/" + id + "/click", JSON.createObjectNode());
        }

        /** Types {@code text}; for a file input, the absolute path of the file to choose. */
        public void sendKeys(String text) throws Exception {
            command("POST", "/element/" + id + "/value", JSON.createObjectNode().put("text", text));
        }

        /** The rendered text, as a user sees it. */
        public String text() throws Exception {
            return command("GET", "/element/" + id + "/text", null).asText();
        }

        public String attribute(String name) throws Exception {
            JsonNode value = command("GET", "/element/" + id + "/attribute/" + name, null);
            return value.isNull() ? null : value.asText();
        }

        public boolean displayed() throws Exception {
            return command("GET", "/element/" + id + "/displayed", null).asBoolean();
        }
    }

    private JsonNode command(String method, String path, JsonNode body) throws Exception {
        return send(method, "/session/" + session + path, body);
    }

    private JsonNode send(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json; charset=utf-8")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode value = JSON.readTree(response.body()).path("value");
        if (response.statusCode() != 200) {
            throw new WebDriverException(method + " " + path + ": " + value.path("error").asText("HTTP "
                    + response.statusCode()) + ": " + value.path("message").asText(response.body()));
        }
        return value;
    }

    /** A WebDriver command the browser refused (no such element, element not interactable, …). */
    public static final class WebDriverException extends RuntimeException {
        WebDriverException(String message) {
            super(message);
        }
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                send("DELETE", "/session/" + session, null);
            }
        } catch (Exception e) {
            // the driver is stopped below either way
        } finally {
            // the browser's processes are the driver's children: end them too if the session did not
            driver.descendants().forEach(ProcessHandle::destroy);
            driver.destroy();
            try {
                if (!driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                driver.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
