package dev.librarian.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.librarian.intake.DocumentIds;
import dev.librarian.store.LightRagJson;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.FakeOllama.ChatTrace;
import dev.librarian.testing.FakeOllama.Kind;
import dev.librarian.testing.ForkedLibrarian;
import dev.librarian.testing.RunningLibrarian;
import dev.librarian.testing.StoreFilesReader;
import dev.librarian.testing.StoreSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILL at any moment of ingestion loses nothing. The service runs in a JVM of its own and is killed for real
 * ({@code kill -9}) at many points: while a dropped book is registered, during extraction and gleaning calls,
 * during summaries, embeddings and the index flush. Each time it is started again on the same folders. In the end
 * every book is {@code processed} and the stores equal those of a run that was never killed, no temp file is left,
 * the books are in {@code inbox/.done}, and the only LLM calls made twice are calls whose answer a kill lost: at
 * most the {@code MAX_ASYNC_LLM} calls in flight at that moment. At every kill and all along, each store file on disk
 * parses whole.
 */
class KillNineTest {

    private static final int DIM = 256;
    private static final int MAX_ASYNC_LLM = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> BOOKS = new LinkedHashMap<>();
    private static final Map<String, String> SETTINGS = Map.of(
            "CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20",
            "MAX_ASYNC_LLM", String.valueOf(MAX_ASYNC_LLM), "MAX_PARALLEL_INSERT", "2",
            // summaries for entities met in three chunks, so the merge makes LLM calls too
            "FORCE_LLM_SUMMARY_ON_MERGE", "3",
            "EMBEDDING_BATCH_NUM", "8");

    static {
        BOOKS.put("palata-1.txt", Corpus.excerpt(Corpus.CHEKHOV, 31000, 2200));
        BOOKS.put("palata-2.txt", Corpus.excerpt(Corpus.CHEKHOV, 63000, 2200));
        BOOKS.put("ottsy-1.txt", Corpus.excerpt(Corpus.TURGENEV, 120000, 2200));
        BOOKS.put("ottsy-2.txt", Corpus.excerpt(Corpus.TURGENEV, 300000, 2200));
    }

    private static final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(DIM))
            .chatLatency(Duration.ofMillis(60)).embedLatency(Duration.ofMillis(20));

    @TempDir
    static Path root;
    private static Path cleanDir;
    private static int cleanChatCalls;
    private static int cleanEmbedRequests;
    private static int cleanSummaryCalls;

    /** The services' console output, kept for a look after a failure. */
    private static final Path LOGS = Path.of("target", "kill-nine-logs");

    @BeforeAll
    static void cleanRun() throws Exception {
        if (Files.isDirectory(LOGS)) {
            try (Stream<Path> old = Files.list(LOGS)) {
                for (Path f : old.toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(LOGS);
        cleanDir = root.resolve("clean/cache");
        Path inbox = root.resolve("clean/inbox");
        Files.createDirectories(cleanDir);
        dropBooks(inbox);
        ForkedLibrarian clean = start(cleanDir, inbox, LOGS.resolve("clean.log"));
        awaitAllProcessed(cleanDir, clean, Duration.ofSeconds(60));
        assertTrue(clean.stop(Duration.ofSeconds(30)), "a graceful stop ends the service");
        List<ChatTrace> traces = ollama.chatTraces();
        cleanChatCalls = traces.size();
        cleanSummaryCalls = (int) traces.stream().filter(t -> t.kind() == Kind.OTHER).count();
        cleanEmbedRequests = ollama.embedRequests();
        System.out.printf("clean run: %d chat calls (%d summaries), %d embedding requests, %d repeated%n",
                cleanChatCalls, cleanSummaryCalls, cleanEmbedRequests, repeatedPairs(traces).size());
        assertTrue(cleanSummaryCalls > 0, "the library is big enough for summaries");
        List<JsonNode> kept = keptAnswers(cleanDir);
        assertTrue(traces.stream().allMatch(t -> isKept(t, kept)),
                "every answer of a run that ends normally is in its LLM cache");
        ollama.reset();
    }

    @AfterAll
    static void closeFake() {
        ForkedLibrarian.killAll();
        ollama.close();
    }

    @Test
    void should_end_with_a_clean_runs_stores_after_sigkill_at_many_points_of_ingestion() throws Exception {
        Path dir = root.resolve("killed/cache");
        Path inbox = root.resolve("killed/inbox");
        Files.createDirectories(dir);
        dropBooks(inbox);
        List<KillPoint> points = killPoints();
        Killer killer = new Killer();
        ollama.onChatAdmitted(trace -> killer.event(Event.chat(trace)))
                .onEmbedRequest(count -> killer.event(Event.embed(count)));
        List<String> unreadableAtKill = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        int run = 0;
        try (TempFileWatch watch = TempFileWatch.start(dir, name -> killer.event(Event.tempFile(name)));
             StoreFilesReader reader = StoreFilesReader.start(dir, DIM)) {
            for (KillPoint point : points) {
                run++;
                long started = System.nanoTime();
                // armed at once: nothing is written or asked before the routes start
                ForkedLibrarian service = ForkedLibrarian.start(dir, inbox, ollama, SETTINGS,
                        LOGS.resolve("killed-" + run + ".log"));
                killer.arm(point, service);
                Kill kill = killer.awaitKill(dir, Duration.ofSeconds(60));
                if (kill == null) {
                    // every book got processed before this point came: the later points cannot come either
                    points.subList(points.indexOf(point), points.size()).forEach(p -> missed.add(p.name()));
                    service.stop(Duration.ofSeconds(30));
                    break;
                }
                kill.startedNanos = started;
                kill.keptAnswers = keptAnswers(dir);
                kill.unfinishedDocuments = BOOKS.size() - processedCount(dir);
                kill.tempFilesLeft = StoreSnapshot.tempFiles(dir).size();
                StoreFilesReader.readAllOnce(dir, DIM).forEach(p -> unreadableAtKill.add(point.name() + ": " + p));
                kill.endNanos = System.nanoTime();
            }
            killer.disarm();
            ForkedLibrarian last = start(dir, inbox, LOGS.resolve("killed-final.log"));
            awaitAllProcessed(dir, last, Duration.ofSeconds(60));
            assertTrue(last.stop(Duration.ofSeconds(30)), "a graceful stop ends the service");
            reader.close();
            report(killer.kills(), missed, reader);
            assertEquals(List.of(), reader.failures(), "a reader opening the stores at any instant parses them");
            assertTrue(reader.versionsSeen().getOrDefault("graph_chunk_entity_relation.graphml", 0) >= 2,
                    "the reader ran while the graph was rewritten");
        } finally {
            ollama.onChatAdmitted(trace -> { }).onEmbedRequest(count -> { });
            ForkedLibrarian.killAll();
        }

        List<Kill> kills = killer.kills();
        assertEquals(List.of(), unreadableAtKill, "at the instant of each kill every store file parses whole");
        assertTrue(kills.size() >= points.size() - 2, "kills landed at most points: missed " + missed);
        // a kill at a status write may come just after the last book's "processed" reached the disk
        assertTrue(kills.stream().filter(k -> k.unfinishedDocuments > 0).count() >= points.size() - 2,
                "kills fell in the middle of ingestion");

        List<String> differences = StoreSnapshot.of(dir, DIM).differences(StoreSnapshot.of(cleanDir, DIM), 20);
        assertTrue(differences.isEmpty(), "stores after the kills differ from a clean run's:\n"
                + String.join("\n", differences));
        assertEquals(List.of(), StoreSnapshot.tempFiles(dir), "no temp file is left behind");
        assertBooksDone(inbox);

        List<ChatTrace> traces = ollama.chatTraces();
        List<String> unexplained = new ArrayList<>();
        List<ChatTrace[]> repeats = repeatedPairs(traces);
        for (ChatTrace[] pair : repeats) {
            if (kills.stream().noneMatch(k -> k.lost(traces).contains(pair[0])
                    && pair[1].receivedNanos() > k.endNanos)) {
                unexplained.add("call #" + pair[0].seq() + " (" + pair[0].kind() + ") made again as #" + pair[1].seq()
                        + timing(pair, kills));
            }
        }
        assertEquals(List.of(), unexplained, "an LLM call is only made again if its answer was lost by a kill");
        int lost = kills.stream().mapToInt(k -> k.lost(traces).size()).sum();
        assertTrue(repeats.size() <= lost, "repeated calls " + repeats.size() + " <= answers lost at the kills " + lost);
        for (Kill k : kills) {
            // an answer is journalled before its call frees its slot: only calls holding one can be lost
            assertTrue(k.lost(traces).size() <= MAX_ASYNC_LLM, "at '" + k.point.name() + "' " + k.lost(traces).size()
                    + " answers were lost, more than the " + MAX_ASYNC_LLM + " calls the service has in flight");
        }
    }

    // ---- where to kill ----

    /** Kill points spread over a clean run's calls, in the order ingestion reaches them. */
    private static List<KillPoint> killPoints() {
        int c = cleanChatCalls;
        return List.of(
                KillPoint.tempFile("registering the dropped books", "kv_store_full_docs.json", 0),
                KillPoint.chat("first extraction calls", 2, Kind.EXTRACTION),
                KillPoint.chat("gleaning", c / 6, Kind.GLEANING),
                KillPoint.embed("first embedding request", 1),
                KillPoint.chat("a description summary", c / 3, Kind.OTHER),
                KillPoint.tempFile("index flush: entity vectors", "vdb_entities.json", c / 2),
                KillPoint.tempFile("index flush: graph", "graph_chunk_entity_relation.graphml", c * 2 / 3),
                KillPoint.tempFile("status write", "kv_store_doc_status.json", c * 3 / 4),
                KillPoint.tempFile("last index flushes", "vdb_chunks.json", c * 9 / 10));
    }

    private enum EventType { CHAT, EMBED, TEMP_FILE }

    /** Something the service did that a kill can be tied to. */
    private record Event(EventType type, ChatTrace chat, int embedCount, String fileName) {
        static Event chat(ChatTrace trace) {
            return new Event(EventType.CHAT, trace, 0, null);
        }

        static Event embed(int count) {
            return new Event(EventType.EMBED, null, count, null);
        }

        static Event tempFile(String name) {
            return new Event(EventType.TEMP_FILE, null, 0, name);
        }

        @Override
        public String toString() {
            return switch (type) {
                case CHAT -> "chat call #" + chat.seq() + " (" + chat.kind() + ") admitted";
                case EMBED -> "embedding request #" + embedCount + " received";
                case TEMP_FILE -> fileName + " being written";
            };
        }
    }

    /** The first event that matches, once armed; {@code minChatCalls} counts distinct calls since the first start. */
    private record KillPoint(String name, EventType type, int minChatCalls, Kind kind, int minEmbeds, String file) {
        static KillPoint chat(String name, int minSeq, Kind kind) {
            return new KillPoint(name, EventType.CHAT, minSeq, kind, 0, null);
        }

        static KillPoint embed(String name, int minCount) {
            return new KillPoint(name, EventType.EMBED, 0, null, minCount, null);
        }

        static KillPoint tempFile(String name, String storeFile, int minChatCalls) {
            return new KillPoint(name, EventType.TEMP_FILE, minChatCalls, null, 0, storeFile);
        }

        boolean matches(Event e, int chatCallsSoFar) {
            if (e.type() != type || chatCallsSoFar < minChatCalls) {
                return false;
            }
            return switch (type) {
                case CHAT -> kind == null || e.chat().kind() == kind;
                case EMBED -> e.embedCount() >= minEmbeds;
                case TEMP_FILE -> e.fileName().startsWith(file + ".tmp.");
            };
        }
    }

    /**
     * A kill that happened: at which event, when SIGKILL was sent and when the process was gone, and what it left:
     * unfinished books, temp files, and the LLM answers kept on disk (cache file and journal). Requests that arrive
     * while SIGKILL is on its way still come from the killed process.
     */
    private static final class Kill {
        final KillPoint point;
        final Event event;
        final long sentNanos;
        final long deadNanos;
        long startedNanos;
        /** Until the next start, requests still come from the killed process (read late by a busy fake). */
        long endNanos;
        int unfinishedDocuments;
        int tempFilesLeft;
        List<JsonNode> keptAnswers = List.of();

        Kill(KillPoint point, Event event, long sentNanos, long deadNanos) {
            this.point = point;
            this.event = event;
            this.sentNanos = sentNanos;
            this.deadNanos = deadNanos;
        }

        /** Calls the killed process made. */
        List<ChatTrace> calls(List<ChatTrace> traces) {
            return traces.stream().filter(t -> t.receivedNanos() > startedNanos && t.receivedNanos() < endNanos)
                    .toList();
        }

        /** Calls of the killed process the fake had not answered when SIGKILL was sent. */
        List<ChatTrace> inFlight(List<ChatTrace> traces) {
            return calls(traces).stream().filter(t -> t.finishedNanos() == 0 || t.finishedNanos() > sentNanos)
                    .toList();
        }

        /** Calls of the killed process whose answer it had not kept on disk: answered too late, or not at all. */
        List<ChatTrace> lost(List<ChatTrace> traces) {
            return calls(traces).stream().filter(t -> !isKept(t, keptAnswers)).toList();
        }
    }

    /** Kills the service it is armed with at the first matching event; events arrive on any thread. */
    private static final class Killer {
        private final List<Kill> kills = new ArrayList<>();
        private KillPoint armed;
        private ForkedLibrarian service;
        private Kill lastKill;

        synchronized void arm(KillPoint point, ForkedLibrarian target) {
            armed = point;
            service = target;
            lastKill = null;
        }

        synchronized void disarm() {
            armed = null;
            service = null;
        }

        void event(Event e) {
            int chatCalls = distinctCalls(ollama.chatTraces());
            synchronized (this) {
                if (armed == null || !armed.matches(e, chatCalls)) {
                    return;
                }
                long sent = System.nanoTime();
                service.kill();
                lastKill = new Kill(armed, e, sent, System.nanoTime());
                kills.add(lastKill);
                armed = null;
                notifyAll();
            }
        }

        /** The kill of the armed service, or null if it finished every book first. */
        synchronized Kill awaitKill(Path dir, Duration timeout) throws InterruptedException, IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (lastKill == null) {
                if (processedCount(dir) == BOOKS.size()) {
                    return null;
                }
                if (!service.isAlive()) {
                    throw new AssertionError("the service died without being killed");
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("neither killed at '" + armed.name() + "' nor finished");
                }
                wait(50);
            }
            return lastKill;
        }

        synchronized List<Kill> kills() {
            return List.copyOf(kills);
        }
    }

    /** Reports the creation of temporary files of atomic writes in a folder, as inotify sees them. */
    private static final class TempFileWatch implements AutoCloseable {
        private final WatchService watcher;
        private final Thread thread;

        private TempFileWatch(WatchService watcher, Thread thread) {
            this.watcher = watcher;
            this.thread = thread;
        }

        static TempFileWatch start(Path dir, Consumer<String> created) throws IOException {
            WatchService watcher = FileSystems.getDefault().newWatchService();
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            Thread thread = new Thread(() -> {
                try {
                    while (true) {
                        WatchKey key = watcher.take();
                        for (WatchEvent<?> event : key.pollEvents()) {
                            if (event.context() instanceof Path name && name.toString().contains(".tmp.")) {
                                created.accept(name.toString());
                            }
                        }
                        key.reset();
                    }
                } catch (InterruptedException | ClosedWatchServiceException stopped) {
                    // closed
                }
            }, "temp-file-watch");
            thread.setDaemon(true);
            thread.start();
            return new TempFileWatch(watcher, thread);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            watcher.close();
            thread.join(5000);
        }
    }

    // ---- helpers ----

    private static ForkedLibrarian start(Path dir, Path inbox, Path log) throws IOException {
        return ForkedLibrarian.start(dir, inbox, ollama, SETTINGS, log).awaitListening(Duration.ofSeconds(60));
    }

    /** Moves the books into the inbox the way a user does: written elsewhere, then renamed in. */
    private static void dropBooks(Path inbox) throws IOException {
        Path staging = inbox.resolveSibling("staging");
        Files.createDirectories(staging);
        Files.createDirectories(inbox);
        for (Map.Entry<String, String> book : BOOKS.entrySet()) {
            Path file = Files.writeString(staging.resolve(book.getKey()), book.getValue());
            Files.move(file, inbox.resolve(book.getKey()), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void awaitAllProcessed(Path dir, ForkedLibrarian service, Duration timeout) {
        RunningLibrarian.await(timeout, () -> {
            if (!service.isAlive()) {
                throw new AssertionError("the service exited before finishing");
            }
            return processedCount(dir) == BOOKS.size();
        }, "not every book was processed: " + statuses(dir));
    }

    private static int processedCount(Path dir) {
        return (int) statuses(dir).values().stream().filter("processed"::equals).count();
    }

    /** Status of each book's document, as the status file on disk says. */
    private static Map<String, String> statuses(Path dir) {
        Map<String, String> out = new LinkedHashMap<>();
        Path file = dir.resolve("kv_store_doc_status.json");
        JsonNode records;
        try {
            records = Files.exists(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
        } catch (IOException e) {
            throw new AssertionError("the status file does not parse", e);
        }
        for (String book : BOOKS.keySet()) {
            String id = "doc-" + DocumentIds.md5Hex(book);
            out.put(book, records.path(id).path("status").asText("unknown"));
        }
        return out;
    }

    private static void assertBooksDone(Path inbox) throws IOException {
        for (String book : BOOKS.keySet()) {
            assertTrue(Files.exists(inbox.resolve(".done").resolve(book)), book + " moved to inbox/.done");
            assertTrue(Files.notExists(inbox.resolve(book)), book + " left the inbox");
        }
        try (Stream<Path> files = Files.walk(inbox)) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".camelLock")
                    || p.startsWith(inbox.resolve(".failed"))).toList(), "no lock files, nothing failed");
        }
    }

    private static int distinctCalls(List<ChatTrace> traces) {
        return (int) traces.stream().map(ChatTrace::bodySha256).distinct().count();
    }

    /** Each chat request whose body was sent before, paired with its previous occurrence. */
    private static List<ChatTrace[]> repeatedPairs(List<ChatTrace> traces) {
        Map<String, ChatTrace> last = new HashMap<>();
        List<ChatTrace[]> pairs = new ArrayList<>();
        for (ChatTrace t : traces) {
            ChatTrace before = last.put(t.bodySha256(), t);
            if (before != null) {
                pairs.add(new ChatTrace[] {before, t});
            }
        }
        return pairs;
    }

    /** When the two calls came and went, relative to each kill, in ms. */
    private static String timing(ChatTrace[] pair, List<Kill> kills) {
        StringBuilder out = new StringBuilder();
        for (Kill k : kills) {
            if (k.deadNanos < pair[0].receivedNanos() || k.sentNanos > pair[1].receivedNanos()) {
                continue;
            }
            out.append(String.format(" [kill '%s': first %+d..%s, again %+d]", k.point.name(),
                    (pair[0].receivedNanos() - k.sentNanos) / 1_000_000,
                    pair[0].finishedNanos() == 0 ? "open" : String.format("%+d",
                            (pair[0].finishedNanos() - k.sentNanos) / 1_000_000),
                    (pair[1].receivedNanos() - k.sentNanos) / 1_000_000));
        }
        return out.toString();
    }

    private static void report(List<Kill> kills, List<String> missed, StoreFilesReader reader) {
        List<ChatTrace> traces = ollama.chatTraces();
        System.out.printf("%d kills, missed %s; %d chat calls after the clean run's %d, %d embedding requests "
                        + "after %d%n", kills.size(), missed, traces.size(), cleanChatCalls, ollama.embedRequests(),
                cleanEmbedRequests);
        System.out.println("kill point | event | books unfinished | temp files left | calls in flight | answers "
                + "lost (answered up to .. ms before the kill) | made again later");
        for (Kill k : kills) {
            Set<String> lost = new HashSet<>();
            k.lost(traces).forEach(t -> lost.add(t.bodySha256()));
            long again = traces.stream().filter(t -> t.receivedNanos() > k.endNanos && lost.remove(t.bodySha256()))
                    .count();
            long answeredBefore = k.lost(traces).stream().filter(t -> t.finishedNanos() != 0)
                    .mapToLong(t -> (k.sentNanos - t.finishedNanos()) / 1_000_000).max().orElse(0);
            System.out.printf("%s | %s | %d | %d | %d | %d (%d) | %d%n", k.point.name(), k.event,
                    k.unfinishedDocuments, k.tempFilesLeft, k.inFlight(traces).size(), k.lost(traces).size(),
                    answeredBefore, again);
        }
        writeCallLog(traces, kills);
        System.out.printf("repeated chat calls in all: %d; store reads while running: %s; different contents "
                + "seen: %s%n", repeatedPairs(traces).size(), reader.reads(), reader.versionsSeen());
    }

    /** Every chat call of the killed runs, with the kills between them, into the log folder. */
    private static void writeCallLog(List<ChatTrace> traces, List<Kill> kills) {
        List<String> lines = new ArrayList<>();
        long origin = traces.isEmpty() ? 0 : traces.get(0).receivedNanos();
        int next = 0;
        for (ChatTrace t : traces) {
            while (next < kills.size() && kills.get(next).sentNanos < t.receivedNanos()) {
                Kill k = kills.get(next++);
                lines.add(String.format("%8d ms  KILL at '%s' (%s); lost %s", (k.sentNanos - origin) / 1_000_000,
                        k.point.name(), k.event, k.lost(traces).stream().map(ChatTrace::seq).toList()));
            }
            String answer = t.answer() == null ? "-" : t.answer().replaceAll("\\s+", " ");
            lines.add(String.format("%8d ms  #%d %s %s answered %s: %s", (t.receivedNanos() - origin) / 1_000_000,
                    t.seq(), t.kind(), t.bodySha256().substring(0, 12),
                    t.finishedNanos() == 0 ? "never" : "+" + (t.finishedNanos() - t.receivedNanos()) / 1_000_000 + " ms",
                    answer.substring(0, Math.min(60, answer.length()))));
        }
        try {
            Files.write(LOGS.resolve("chat-calls.txt"), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.out.println("cannot write the call log: " + e);
        }
    }

    /** Every LLM cache entry on disk: in the cache file and in its journal (a torn last line is not kept). */
    private static List<JsonNode> keptAnswers(Path dir) throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        Path cache = dir.resolve("kv_store_llm_response_cache.json");
        if (Files.exists(cache)) {
            JSON.readTree(cache.toFile()).forEach(entries::add);
        }
        for (String journal : List.of("librarian_llm_cache.journal", "librarian_llm_cache.journal.old")) {
            Path file = dir.resolve(journal);
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    try {
                        entries.add(JSON.readTree(line).path("value"));
                    } catch (IOException torn) {
                        // cut short by the kill: not kept
                    }
                }
            }
        }
        return entries;
    }

    /**
     * Whether the answer to {@code call} is among the cache {@code entries}: one holds the same answer, and its
     * prompt holds the content of every message of the call (different prompts can get the same answer).
     */
    private static boolean isKept(ChatTrace call, List<JsonNode> entries) {
        if (call.answer() == null) {
            return false;
        }
        List<String> contents = new ArrayList<>();
        call.body().path("messages").forEach(m -> contents.add(m.path("content").asText()));
        return entries.stream().anyMatch(e -> {
            String prompt = e.path("original_prompt").asText();
            return e.path("return").asText().equals(call.answer().strip())
                    && contents.stream().allMatch(c -> prompt.contains(c) || prompt.contains(asJsonString(c)));
        });
    }

    /** The text as it appears inside a JSON string (earlier messages are kept in the prompt as JSON). */
    private static String asJsonString(String text) {
        String quoted = LightRagJson.compactText(TextNode.valueOf(text));
        return quoted.substring(1, quoted.length() - 1);
    }

}
