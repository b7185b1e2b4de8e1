package dev.librarian.app;

import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.ForkedLibrarian;
import org.junit.jupiter.api.AfterAll;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One process per library: a second Librarian on the same working directory, and one whose port is taken, stop at
 * once with a non-zero exit code and one line saying why, without touching the library or the inbox; so does one
 * with a bad setting.
 */
class SingleInstanceTest {

    private static final FakeOllama OLLAMA = FakeOllama.start();

    @TempDir
    Path tmp;

    @AfterAll
    static void stopAll() {
        ForkedLibrarian.killAll();
        OLLAMA.close();
    }

    @Test
    void a_second_instance_on_the_same_library_and_one_on_a_taken_port_exit_with_a_one_line_reason() throws Exception {
        Path cache = tmp.resolve("cache");
        ForkedLibrarian first = ForkedLibrarian.start(cache, tmp.resolve("inbox"), OLLAMA, Map.of(),
                tmp.resolve("first.log")).awaitListening(Duration.ofSeconds(90));

        Path secondLog = tmp.resolve("second.log");
        ForkedLibrarian second = ForkedLibrarian.start(cache, tmp.resolve("inbox-2"), OLLAMA, Map.of(), secondLog);
        assertEquals(2, second.awaitExit(Duration.ofSeconds(90)), "exit code; see " + secondLog);
        assertOneLineReason(secondLog, "Librarian cannot start: the library in " + cache
                + " is already open in another process");

        Path otherInbox = tmp.resolve("inbox-3");
        Files.createDirectories(otherInbox);
        Files.writeString(otherInbox.resolve("note.txt"), "Anna lives in Moscow.", StandardCharsets.UTF_8);
        Path thirdLog = tmp.resolve("third.log");
        ForkedLibrarian third = ForkedLibrarian.start(tmp.resolve("cache-3"), otherInbox, OLLAMA,
                Map.of("PORT", String.valueOf(first.port())), thirdLog);
        assertEquals(2, third.awaitExit(Duration.ofSeconds(90)), "exit code; see " + thirdLog);
        assertOneLineReason(thirdLog, "Librarian cannot start: cannot listen on 127.0.0.1:" + first.port());
        assertTrue(Files.exists(otherInbox.resolve("note.txt")), "the refused instance took nothing from its inbox");
        assertFalse(Files.exists(otherInbox.resolve(".done")));

        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + first.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), "the first instance still serves: " + health.body());
        assertTrue(first.stop(Duration.ofSeconds(30)), "and stops gracefully");
    }

    @Test
    void a_bad_setting_stops_the_start_with_its_name_in_one_line() throws Exception {
        Path inbox = tmp.resolve("inbox");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("note.txt"), "Anna lives in Moscow.", StandardCharsets.UTF_8);
        Path log = tmp.resolve("bad-setting.log");
        ForkedLibrarian refused = ForkedLibrarian.start(tmp.resolve("cache"), inbox, OLLAMA, Map.of("TOP_K", "0"), log);
        assertEquals(2, refused.awaitExit(Duration.ofSeconds(90)), "exit code; see " + log);
        assertOneLineReason(log, "Librarian cannot start: TOP_K must be at least 1 but is 0");
        assertTrue(Files.exists(inbox.resolve("note.txt")), "nothing was taken from the inbox");
    }

    private static void assertOneLineReason(Path log, String reason) throws Exception {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        List<String> reasons = lines.stream().filter(l -> l.startsWith("Librarian cannot start: ")).toList();
        assertEquals(1, reasons.size(), "one line with the reason: " + lines);
        assertTrue(reasons.get(0).startsWith(reason), reasons.get(0));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("Exception in thread") || l.startsWith("\tat ")),
                "no stack trace: " + lines);
    }
}
