package dev.librarian.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.intake.DocumentIds;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inbox takes a file only once it has stopped changing, and never replaces an earlier original in .done/. */
class InboxStabilityTest {

    private static final int STABLE_MS = 3000;
    /** Longer than the one second of quiet the inbox used to take for "finished", shorter than INBOX_STABLE_MS. */
    private static final int WRITER_PAUSE_MS = 1200;

    @TempDir
    Path tmp;
    private FakeOllama ollama;
    private RunningLibrarian librarian;
    private Path inbox;

    @BeforeEach
    void start() throws Exception {
        ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
        inbox = tmp.resolve("inbox");
        Files.createDirectories(inbox);
        librarian = RunningLibrarian.start(tmp.resolve("cache"), inbox, ollama,
                Map.of("INBOX_STABLE_MS", String.valueOf(STABLE_MS)));
    }

    @AfterEach
    void stop() {
        librarian.close();
        ollama.close();
    }

    @Test
    void should_index_a_slowly_written_file_once_and_whole() throws Exception {
        Path file = inbox.resolve("slow.txt");
        StringBuilder written = new StringBuilder();
        for (int part = 1; part <= 6; part++) {
            String line = "Part " + part + ": Anna writes to Boris from Moscow about the winter.\n";
            Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            written.append(line);
            Thread.sleep(WRITER_PAUSE_MS);
            assertFalse(Files.exists(inbox.resolve(".done")), "taken while still being written, after part " + part);
        }
        String docId = "doc-" + DocumentIds.md5Hex("slow.txt");
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(60)));
        RunningLibrarian.await(Duration.ofSeconds(10), () -> Files.exists(inbox.resolve(".done/slow.txt")),
                "the original moves to .done");

        assertEquals(written.toString(), Files.readString(inbox.resolve(".done/slow.txt")), "no byte was lost");
        assertEquals(List.of("slow.txt"), names(inbox.resolve(".done")), "one file, taken once");
        assertFalse(Files.exists(file), "the writer's file left the inbox once");
        JsonNode record = librarian.status().record(docId).orElseThrow().toJson();
        assertEquals(written.toString().strip().length(), record.get("content_length").asInt(),
                "the whole text is indexed (the last newline is trimmed)");
        assertEquals(1, librarian.status().all().size(), "one document");
    }

    /** A writer that pauses longer than INBOX_STABLE_MS but keeps the file open (a stalled download) loses nothing. */
    @Test
    void should_not_take_a_file_still_open_for_writing_however_long_it_stays_unchanged() throws Exception {
        Path file = inbox.resolve("stalled.txt");
        String first = "Part 1: Anna writes to Boris from Moscow about the winter.\n";
        String second = "Part 2: Boris answers from Tver about the spring.\n";
        String docId = "doc-" + DocumentIds.md5Hex("stalled.txt");
        try (OutputStream writer = Files.newOutputStream(file)) {
            writer.write(first.getBytes(StandardCharsets.UTF_8));
            writer.flush();
            Thread.sleep(STABLE_MS * 2L + 1000);
            assertTrue(librarian.statusOf(docId).isEmpty(), "taken while still open for writing");
            assertFalse(Files.exists(inbox.resolve(".done")), "moved while still open for writing");
            writer.write(second.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(60)));
        assertEquals((first + second).strip().length(),
                librarian.status().record(docId).orElseThrow().toJson().get("content_length").asInt(),
                "the whole text is indexed, taken once closed");
        assertEquals(1, librarian.status().all().size(), "one document");
    }

    @Test
    void should_keep_an_earlier_original_of_the_same_name_beside_the_later_one() throws Exception {
        String docId = "doc-" + DocumentIds.md5Hex("x.txt");
        String first = "Anna lives in Moscow with Clara.";
        String second = "Boris travels to Tver by train.";
        Files.writeString(inbox.resolve("x.txt"), first);
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(60)));
        RunningLibrarian.await(Duration.ofSeconds(10), () -> Files.exists(inbox.resolve(".done/x.txt")),
                "the first original moves to .done");

        Files.writeString(inbox.resolve("x.txt"), second);
        RunningLibrarian.await(Duration.ofSeconds(60), () -> Files.exists(inbox.resolve(".done/x (2).txt")),
                "the second original moves to .done beside the first");

        assertEquals(first, Files.readString(inbox.resolve(".done/x.txt")), "the first is kept as it was");
        assertEquals(second, Files.readString(inbox.resolve(".done/x (2).txt")));
        assertEquals(List.of("x (2).txt", "x.txt"), names(inbox.resolve(".done")));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }
}
