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
 * Files the inbox leaves alone: a symbolic link out of INPUT_DIR, a name too long to keep, a name it cannot open
 * (a backslash, bytes that are not UTF-8). Each is logged once with the reason (its name escaped), never indexed,
 * never retried in a loop.
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

    @Test
    void should_say_once_why_a_name_the_inbox_cannot_open_is_left_and_index_an_escaped_one() throws Exception {
        Files.writeString(inbox.resolve("back\\slash.txt"), "Anna lives in Moscow with Clara.");
        Files.writeString(inbox.resolve("new\nINFO forged.txt"), "Boris travels to Tver by train.");
        // a name whose bytes are not UTF-8 (0xFF), as a Windows share or an old archive leaves it
        Process bad = new ProcessBuilder("sh", "-c", "printf 'Clara writes.' > \"$1/$(printf 'bad\\377name.txt')\"",
                "sh", inbox.toString()).start();
        assertEquals(0, bad.waitFor());

        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(id("new\nINFO forged.txt"), Duration.ofSeconds(60)));
        RunningLibrarian.await(Duration.ofSeconds(10), () -> log.count("backslash") > 0 && log.count("UTF-8") > 0,
                "both names are logged: " + log.lines());
        // the inbox polls every 100 ms: let it look at them many more times
        Files.writeString(inbox.resolve("plain.txt"), "Dmitri goes to Kazan by boat.");
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(id("plain.txt"), Duration.ofSeconds(60)));

        assertEquals(1, log.count("back\\\\slash.txt skipped: its name contains a backslash"), log.lines().toString());
        assertEquals(1, log.count("name.txt skipped: its name is not valid UTF-8"), log.lines().toString());
        assertEquals(2, librarian.status().all().size(), "only the two readable names: " + librarian.status().all());
        assertTrue(Files.exists(inbox.resolve("back\\slash.txt")), "the file is left where it is");
        assertEquals("Boris travels to Tver by train.",
                Files.readString(inbox.resolve(".done/new\nINFO forged.txt")), "a newline in a name is kept");
    }

    private static String id(String fileName) {
        return "doc-" + DocumentIds.md5Hex(fileName);
    }
}
