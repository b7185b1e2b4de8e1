package dev.librarian.pipeline;

import dev.librarian.intake.DocumentIds;
import dev.librarian.intake.InboxFileFilter;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.LogLines;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files the inbox leaves alone: a symbolic link out of INPUT_DIR and a name too long to keep. Each is logged once
 * with the reason (its name escaped), never indexed, never retried in a loop.
 */
class InboxSkippedFilesTest {

    private static final String SECRET = "SECRET-" + UUID.randomUUID();

    @TempDir
    Path tmp;
    private FakeOllama ollama;
    private RunningLibrarian librarian;
    private Path inbox;
    private LogLines log;

    @BeforeEach
    void start() throws Exception {
        ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
        inbox = Files.createDirectories(tmp.resolve("inbox"));
        log = LogLines.of(InboxFileFilter.class);
        librarian = RunningLibrarian.start(tmp.resolve("cache"), inbox, ollama, Map.of());
    }

    @AfterEach
    void stop() {
        log.close();
        librarian.close();
        ollama.close();
    }

    @Test
    void should_not_follow_a_symbolic_link_out_of_the_inbox_and_say_so_once() throws Exception {
        Path secret = Files.writeString(Files.createDirectories(tmp.resolve("outside")).resolve("passwd"), SECRET);
        Path outLink = inbox.resolve("passwd\nINFO forged line.txt");
        Files.createSymbolicLink(outLink, secret);
        // a link to a file inside INPUT_DIR is followed
        Path kept = Files.writeString(Files.createDirectories(inbox.resolve("shelf")).resolve("real.txt"),
                "Anna lives in Moscow with Clara.");
        Files.createSymbolicLink(inbox.resolve("inner.txt"), kept);
        Files.writeString(inbox.resolve("plain.txt"), "Boris travels to Tver by train.");

        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(id("inner.txt"), Duration.ofSeconds(60)));
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(id("plain.txt"), Duration.ofSeconds(60)));
        RunningLibrarian.await(Duration.ofSeconds(10), () -> log.count("outside INPUT_DIR") > 0,
                "the skipped link is logged");
        // the inbox polls every 100 ms: let it look at the link many more times
        Files.writeString(inbox.resolve("later.txt"), "Clara writes to Dmitri from Kazan.");
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(id("later.txt"), Duration.ofSeconds(60)));

        assertEquals(3, librarian.status().all().size(), "the link out was not indexed: " + librarian.status().all());
        librarian.status().all().values().forEach(rec -> assertFalse(rec.toString().contains("passwd"), rec.toString()));
        assertTrue(Files.isSymbolicLink(outLink), "the link stays where it is");
        assertEquals(1, log.count("outside INPUT_DIR"), "one line, not one per poll: " + log.lines());
        String line = log.lines().stream().filter(l -> l.contains("outside INPUT_DIR")).findFirst().orElseThrow();
        assertTrue(line.contains("passwd\\nINFO forged line.txt"), "the newline is escaped: " + line);
        assertFalse(line.contains("\n"), line);
        assertTrue(Files.exists(inbox.resolve(".done/inner.txt"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void should_log_a_name_too_long_to_keep_once_and_leave_the_file() throws Exception {
        String longName = "я".repeat(123) + ".txt";
        assertEquals(250, longName.getBytes(StandardCharsets.UTF_8).length);
        Files.writeString(inbox.resolve(longName), "Anna lives in Moscow with Clara.");
        RunningLibrarian.await(Duration.ofSeconds(10), () -> log.count("250 bytes long") > 0,
                "the long name is logged");
        Files.writeString(inbox.resolve("plain.txt"), "Boris travels to Tver by train.");
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(id("plain.txt"), Duration.ofSeconds(60)));

        assertEquals(1, log.count("250 bytes long"), "one line, not one per poll: " + log.lines());
        assertEquals(1, librarian.status().all().size(), "only the other file became a document");
        assertTrue(Files.exists(inbox.resolve(longName)), "the file is left where it is");
    }

    private static String id(String fileName) {
        return "doc-" + DocumentIds.md5Hex(fileName);
    }
}
