package dev.librarian.query;

import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Ollama clients from npm (ollama-js, LangChain's ChatOllama) against a running Librarian:
 * {@code src/test/node/ollama-clients.mjs} lists, shows, chats and generates (streamed and not, with a prefix, a
 * load call and refusals), with the API key sent as a bearer token. Needs {@code node} and
 * {@code npm ci --prefix src/test/node} (as {@code .ci/run} does); skipped without them unless
 * {@code REQUIRE_NODE=1}.
 */
class OllamaNodeClientsTest {

    private static final Path SCRIPT_DIR = Path.of("src/test/node");
    private static final String KEY = "node-clients-key";

    @TempDir
    Path tmp;

    @Test
    void the_official_ollama_clients_work_unchanged() throws Exception {
        requireNode();
        try (FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
             RunningLibrarian librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama,
                     Map.of("LIGHTRAG_API_KEY", KEY))) {
            ProcessBuilder node = new ProcessBuilder("node", "ollama-clients.mjs", librarian.url(""))
                    .directory(SCRIPT_DIR.toFile()).redirectErrorStream(true);
            node.environment().put("LIBRARIAN_API_KEY", KEY);
            Process process = node.start();
            // (the output is small: read to its end, then the exit code)
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the client script finishes");
            System.out.println(output);
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.contains("all Ollama client checks passed"), output);
        }
    }

    private static void requireNode() {
        boolean installed = Files.isDirectory(SCRIPT_DIR.resolve("node_modules/ollama"))
                && Files.isDirectory(SCRIPT_DIR.resolve("node_modules/@langchain/ollama")) && nodeRuns();
        String message = "node and the clients (npm ci --prefix src/test/node) are needed";
        if ("1".equals(System.getenv("REQUIRE_NODE"))) {
            Assertions.assertTrue(installed, message + ", and REQUIRE_NODE=1 is set");
        }
        Assumptions.assumeTrue(installed, message);
    }

    private static boolean nodeRuns() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
