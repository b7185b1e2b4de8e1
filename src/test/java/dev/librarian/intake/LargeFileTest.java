package dev.librarian.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.ForkedLibrarian;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 50 MB book is indexed by the real application in its own JVM whose heap is capped at {@link #MAX_HEAP_MB}
 * (about 15 times the file) and which exits on the first {@code OutOfMemoryError}: completing proves the heap stays
 * within that multiple of the file size. The stores themselves hold the text about four times (full document,
 * chunks, chunk vectors' content, LLM cache prompts), as LightRAG's do; the GC log gives the live heap.
 * Ollama is a zero-latency fake in this JVM, with no gleaning and 8-dimensional embeddings, so the time is the
 * service's own.
 */
class LargeFileTest {

    private static final int MB = 1024 * 1024;
    private static final int FILE_MB = 50;
    private static final int MAX_HEAP_MB = 768;
    private static final Pattern GC_PAUSE = Pattern.compile("Pause.*?(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    @TempDir
    Path tmp;
    private FakeOllama ollama;
    private ForkedLibrarian librarian;

    @AfterEach
    void stop() {
        if (librarian != null && librarian.isAlive()) {
            librarian.stop(Duration.ofSeconds(30));
        }
        if (ollama != null) {
            ollama.close();
        }
    }

    @Test
    void should_index_a_50_mb_book_within_a_heap_bounded_by_a_multiple_of_its_size() throws Exception {
        ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(8));
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        Path book = buildBook(tmp.resolve("big.txt"), (long) FILE_MB * MB);
        long size = Files.size(book);
        Path gcLog = tmp.resolve("gc.log");
        librarian = ForkedLibrarian.start(tmp.resolve("cache"), inbox, ollama,
                Map.of("MAX_GLEANING", "0", "LLM_TIMEOUT", "240"),
                List.of("-Xmx" + MAX_HEAP_MB + "m", "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog),
                tmp.resolve("librarian.log"));
        librarian.awaitReady(Duration.ofSeconds(90));
        HttpClient http = HttpClient.newHttpClient();

        long started = System.nanoTime();
        Files.move(book, inbox.resolve("big.txt"), StandardCopyOption.ATOMIC_MOVE);
        String docId = "doc-" + DocumentIds.md5Hex("big.txt");
        // minutes of indexing: a status request every 20 ms would take CPU from the service it measures
        RunningLibrarian.await(Duration.ofMinutes(20), Duration.ofMillis(500), () -> finished(http, docId),
                "the 50 MB book was not indexed; the service " + (librarian.isAlive() ? "still runs" : "died"));
        double seconds = (System.nanoTime() - started) / 1e9;

        JsonNode record = status(http, docId);
        assertEquals("processed", record.path("status").asText(), record.toString());
        assertTrue(record.path("chunks_count").asInt() > 1000, record.toString());
        assertTrue(record.path("content_length").asLong() > size / 3, "the whole text was kept: " + record);
        RunningLibrarian.await(Duration.ofSeconds(30), () -> Files.exists(inbox.resolve(".done/big.txt")),
                "the book moves to .done/");

        int[] heap = gcFigures(Files.readAllLines(gcLog));
        System.out.printf("LargeFileTest: %d MB indexed in %.1f s, %d chunks, %d LLM calls; "
                        + "heap cap %d MB, largest heap after a GC %d MB, before %d MB%n",
                size / MB, seconds, record.path("chunks_count").asInt(), ollama.chatCalls(), MAX_HEAP_MB,
                heap[1], heap[0]);
        assertTrue(librarian.isAlive(), "the service survived the book within -Xmx" + MAX_HEAP_MB + "m");
    }

    /** About {@code bytes} of real Russian prose: the corpus repeated, each copy headed by its number. */
    private static Path buildBook(Path file, long bytes) throws IOException {
        List<String> books = List.of(Corpus.read(Corpus.TURGENEV), Corpus.read(Corpus.CHEKHOV));
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int part = 1; written < bytes; part++) {
                String text = "Часть " + part + "\n\n" + books.get(part % books.size()) + "\n\n";
                out.write(text);
                written += text.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return file;
    }

    /** {largest heap before a GC, largest heap after a GC} in MB, from the unified GC log. */
    private static int[] gcFigures(List<String> lines) {
        int before = 0;
        int after = 0;
        for (String line : lines) {
            Matcher m = GC_PAUSE.matcher(line);
            if (m.find()) {
                before = Math.max(before, Integer.parseInt(m.group(1)));
                after = Math.max(after, Integer.parseInt(m.group(2)));
            }
        }
        return new int[]{before, after};
    }

    private boolean finished(HttpClient http, String docId) {
        if (!librarian.isAlive()) {
            throw new AssertionError("the service died; its log: " + librarian.log());
        }
        try {
            String s = status(http, docId).path("status").asText();
            return s.equals("processed") || s.equals("failed");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode status(HttpClient http, String docId) throws IOException, InterruptedException {
        JsonNode statuses = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                URI.create(librarian.url("/documents/"))).GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("statuses");
        for (JsonNode docs : statuses) {
            for (JsonNode doc : docs) {
                if (doc.path("id").asText().equals(docId)) {
                    return doc;
                }
            }
        }
        return new ObjectMapper().createObjectNode();
    }
}
