package dev.librarian.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.librarian.testing.StoreRows;
import dev.librarian.testing.StoreSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILL at any moment loses nothing. The service runs in a JVM of its own and is killed for real ({@code kill -9})
 * at many points: while a dropped book or a text sent over HTTP is registered, right after a text's POST was
 * answered, during extraction and gleaning calls, summaries, embedding requests, a document's index transaction,
 * status changes, an export of LightRAG's mirror files, the rebuild of the vector index from the store, and a
 * deletion. Each time it is started again on the same folders, and what the killed process left is read from the
 * store ({@code library.db}). In the end every document is {@code processed} and the library equals that of a run
 * that was never killed (store, mirror files and vector index), no temp file is left, the books are in
 * {@code inbox/.done}, an accepted text was never lost, and the only LLM calls made twice are calls whose answer a
 * kill lost: at most the {@code MAX_ASYNC_LLM} calls in flight at that moment. At every kill and all along, each
 * mirror file on disk parses whole.
 */
class KillNineTest {

    private static final int DIM = 256;
    private static final int MAX_ASYNC_LLM = 4;
    private static final Duration CHAT_LATENCY = Duration.ofMillis(60);
    /** Long enough for the store to go quiet (the mirror waits for a quiet second) or for nothing else to write. */
    private static final Duration PAUSED = Duration.ofMillis(2500);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> BOOKS = new LinkedHashMap<>();
    /** Texts sent with {@code POST /documents/text}: file_source -> text. */
    private static final Map<String, String> TEXTS = new LinkedHashMap<>();
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
        TEXTS.put("palata-note.txt", Corpus.excerpt(Corpus.CHEKHOV, 90000, 700));
        TEXTS.put("ottsy-note.txt", Corpus.excerpt(Corpus.TURGENEV, 200000, 700));
    }

    private static final int DOCUMENTS = BOOKS.size() + TEXTS.size();

    private static final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(DIM))
            .chatLatency(CHAT_LATENCY).embedLatency(Duration.ofMillis(20));

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
        dropBooks(inbox, BOOKS.keySet());
        ForkedLibrarian clean = start(cleanDir, inbox, Map.of(), LOGS.resolve("clean.log"));
        for (String text : TEXTS.keySet()) {
            HttpResponse<String> answer = post(clean, text);
            assertEquals(200, answer.statusCode(), answer.body());
        }
        awaitAllProcessed(cleanDir, clean, Duration.ofSeconds(90));
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
    void should_end_with_a_clean_runs_library_after_sigkill_at_many_points() throws Exception {
        Path dir = root.resolve("killed/cache");
        Path inbox = root.resolve("killed/inbox");
        Files.createDirectories(dir);
        dropBooks(inbox, BOOKS.keySet());
        List<KillPoint> points = killPoints();
        Killer killer = new Killer();
        ollama.onChatAdmitted(trace -> killer.event(Event.chat(trace)))
                .onEmbedRequest(count -> killer.event(Event.of(EventType.EMBED, String.valueOf(count))));
        Set<String> dueTexts = new LinkedHashSet<>();
        List<String> unreadableAtKill = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        int run = 0;
        try (FileEvents watch = FileEvents.start(dir, inbox, killer::event);
             StoreFilesReader reader = StoreFilesReader.start(dir, DIM)) {
            for (KillPoint point : points) {
                run++;
                if (point.deleteIndex()) {
                    deleteTree(dir.resolve("vectors"));
                }
                dueTexts.addAll(point.texts());
                Map<String, String> env = new HashMap<>(point.env());
                long started = System.nanoTime();
                // armed at once: nothing is written or asked before the routes start
                ForkedLibrarian service = ForkedLibrarian.start(dir, inbox, ollama, env,
                        LOGS.resolve("killed-" + run + ".log"));
                killer.arm(point, service, dir);
                if (point.paused()) {
                    ollama.chatLatency(PAUSED);
                }
                Thread client = client(service, killer, dir, dueTexts, point.deletes());
                Kill kill = killer.awaitKill(dir, Duration.ofSeconds(60));
                ollama.chatLatency(CHAT_LATENCY);
                client.interrupt();
                client.join(10_000);
                if (kill == null) {
                    // every document got processed before this point came: the later points cannot come either
                    points.subList(points.indexOf(point), points.size()).forEach(p -> missed.add(p.name()));
                    service.stop(Duration.ofSeconds(30));
                    redropDeleted(dir, inbox, killer, broken, point.name());
                    break;
                }
                kill.startedNanos = started;
                Map<String, String> statuses = StoreRows.statuses(dir);
                kill.keptAnswers = keptAnswers(dir);
                kill.unfinishedDocuments = DOCUMENTS - (int) statuses.values().stream()
                        .filter("processed"::equals).count();
                kill.tempFilesLeft = StoreSnapshot.tempFiles(dir).size();
                StoreFilesReader.readAllOnce(dir, DIM).forEach(p -> unreadableAtKill.add(point.name() + ": " + p));
                killer.answered().forEach(text -> {
                    if (!statuses.containsKey(docId(text))) {
                        broken.add("at '" + point.name() + "': " + text + " was accepted (200) but is not in the store");
                    }
                });
                kill.deletion = redropDeleted(dir, inbox, killer, broken, point.name());
                kill.endNanos = System.nanoTime();
            }
            killer.disarm();
            ForkedLibrarian last = ForkedLibrarian.start(dir, inbox, ollama, SETTINGS,
                    LOGS.resolve("killed-final.log"));
            Thread client = client(last, killer, dir, dueTexts, false);
            awaitAllProcessed(dir, last, Duration.ofSeconds(90));
            client.join(10_000);
            assertTrue(last.stop(Duration.ofSeconds(30)), "a graceful stop ends the service");
            reader.close();
            report(killer.kills(), missed, reader);
            assertEquals(List.of(), reader.failures(), "a reader opening the mirror files at any instant parses them");
            assertTrue(reader.versionsSeen().getOrDefault("kv_store_doc_status.json", 0) >= 2,
                    "the reader ran while the mirror was rewritten: " + reader.versionsSeen());
        } finally {
            ollama.onChatAdmitted(trace -> { }).onEmbedRequest(count -> { }).chatLatency(CHAT_LATENCY);
            ForkedLibrarian.killAll();
        }

        List<Kill> kills = killer.kills();
        assertEquals(List.of(), unreadableAtKill, "at the instant of each kill every mirror file parses whole");
        assertEquals(List.of(), broken, "what was accepted is kept, a deletion is whole or not at all");
        assertTrue(kills.size() >= points.size() - 2, "kills landed at most points: missed " + missed);
        // a kill at a status change may come just after the last document's "processed" was committed
        assertTrue(kills.stream().filter(k -> k.unfinishedDocuments > 0).count() >= points.size() - 2,
                "kills fell in the middle of ingestion");

        List<String> differences = StoreSnapshot.of(dir, DIM).differences(StoreSnapshot.of(cleanDir, DIM), 20);
        assertTrue(differences.isEmpty(), "the library after the kills differs from a clean run's:\n"
                + String.join("\n", differences));
        assertEquals(List.of(), StoreRows.differences(dir, cleanDir, 20), "the stores hold the same documents, graph and vectors");
        assertEquals(List.of(), StoreRows.indexProblems(dir, DIM), "the vector index finds every vector of the store");
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
            // an answer is committed before its call frees its slot: only calls holding one can be lost
            assertTrue(k.lost(traces).size() <= MAX_ASYNC_LLM, "at '" + k.point.name() + "' " + k.lost(traces).size()
                    + " answers were lost, more than the " + MAX_ASYNC_LLM + " calls the service has in flight");
        }
    }

    // ---- where to kill ----

    /** Kill points spread over a clean run's calls, in the order ingestion reaches them. */
    private static List<KillPoint> killPoints() {
        int c = cleanChatCalls;
        List<String> texts = new ArrayList<>(TEXTS.keySet());
        return List.of(
                KillPoint.of("registering a dropped book", 0, Trigger.after(EventType.INBOX_LOCK, EventType.WAL)),
                // nothing else writes while the LLM is slow: the write after the POST is its registration
                KillPoint.of("registering a text sent over HTTP", 0, Trigger.after(EventType.POSTING, EventType.WAL))
                        .withPause().withText(texts.get(0)),
                KillPoint.of("a text's POST just answered", 0, Trigger.on(EventType.ANSWERED, texts.get(1)))
                        .withText(texts.get(1)),
                KillPoint.of("first extraction calls", 2, Trigger.chat(Kind.EXTRACTION)),
                KillPoint.of("gleaning", c / 6, Trigger.chat(Kind.GLEANING)),
                KillPoint.of("first embedding request", 0, Trigger.on(EventType.EMBED)),
                KillPoint.of("status change: a document processed", c / 5, Trigger.moreProcessed()),
                KillPoint.of("a description summary", c / 3, Trigger.chat(Kind.OTHER)),
                // the book goes (or stays) whole; if gone, the user drops it again
                KillPoint.of("deleting a processed book", 0, Trigger.after(EventType.DELETE_ANSWERED, EventType.EMBED))
                        .withDeletion(),
                KillPoint.of("a document's index transaction", c / 2, Trigger.walAfterEmbedding()),
                KillPoint.of("mirror export: the graph file", c / 2,
                        Trigger.on(EventType.TEMP_FILE, "graph_chunk_entity_relation.graphml"))
                        .withPause().withEnv("LIGHTRAG_MIRROR_INTERVAL", "0"),
                KillPoint.of("rebuilding the vector index", c / 2, Trigger.on(EventType.INDEX_FILE)).withIndexDeleted(),
                KillPoint.of("status change: a later document processed", c * 2 / 3, Trigger.moreProcessed()),
                KillPoint.of("late extraction calls", c * 5 / 6, Trigger.chat(Kind.EXTRACTION)));
    }

    private enum EventType {
        CHAT, EMBED, TEMP_FILE, WAL, INBOX_LOCK, POSTING, ANSWERED, DELETE_ANSWERED, STATUS, INDEX_FILE
    }

    /** Something the service did (or was asked) that a kill can be tied to. */
    private record Event(EventType type, ChatTrace chat, String detail, long nanos) {
        static Event chat(ChatTrace trace) {
            return new Event(EventType.CHAT, trace, trace.kind().name(), System.nanoTime());
        }

        static Event of(EventType type, String detail) {
            return new Event(type, null, detail, System.nanoTime());
        }

        @Override
        public String toString() {
            return switch (type) {
                case CHAT -> "chat call #" + chat.seq() + " (" + chat.kind() + ") admitted";
                case EMBED -> "embedding request #" + detail + " received";
                case TEMP_FILE -> detail + " being written";
                case WAL -> "library.db-wal written";
                case INBOX_LOCK -> detail + " picked up";
                case POSTING -> detail + " being sent";
                case ANSWERED -> detail + " accepted";
                case DELETE_ANSWERED -> "deletion of " + detail + " started";
                case STATUS -> detail + " documents processed";
                case INDEX_FILE -> detail + " written";
            };
        }
    }

    /** Decides, event by event, when to kill; a fresh one per run (some remember what they saw). */
    private interface Trigger {
        boolean fires(Event e, RunState run);

        static Trigger on(EventType type) {
            return (e, run) -> e.type() == type;
        }

        /** An event of {@code type} whose detail starts with {@code detail}. */
        static Trigger on(EventType type, String detail) {
            return (e, run) -> e.type() == type && e.detail().startsWith(detail);
        }

        static Trigger chat(Kind kind) {
            return (e, run) -> e.type() == EventType.CHAT && e.chat().kind() == kind;
        }

        /** The first {@code then} after a {@code first}. */
        static Trigger after(EventType first, EventType then) {
            boolean[] seen = {false};
            return (e, run) -> {
                if (e.type() == first) {
                    seen[0] = true;
                    return false;
                }
                return seen[0] && e.type() == then;
            };
        }

        /** More documents processed than when the run started. */
        static Trigger moreProcessed() {
            return (e, run) -> e.type() == EventType.STATUS && Integer.parseInt(e.detail()) > run.processedAtStart;
        }

        /** A write to the store once an embedding request had time to be answered: most likely a merge's. */
        static Trigger walAfterEmbedding() {
            long[] lastEmbed = {0};
            return (e, run) -> {
                if (e.type() == EventType.EMBED) {
                    lastEmbed[0] = e.nanos();
                    return false;
                }
                return e.type() == EventType.WAL && lastEmbed[0] != 0 && e.nanos() - lastEmbed[0] > 25_000_000;
            };
        }
    }

    /** What a run has seen so far. */
    private static final class RunState {
        int processedAtStart;
    }

    /**
     * Where to kill: the first event the trigger accepts once {@code minChatCalls} distinct chat calls were made since
     * the first start; {@code env}, a paused LLM, texts to send, a deletion and a deleted index set up the run.
     */
    private record KillPoint(String name, int minChatCalls, java.util.function.Supplier<Trigger> trigger,
                             Map<String, String> env, boolean paused, List<String> texts, boolean deletes,
                             boolean deleteIndex) {
        static KillPoint of(String name, int minChatCalls, Trigger trigger) {
            // triggers with memory are built again for each use: one instance per point is used once
            return new KillPoint(name, minChatCalls, () -> trigger, SETTINGS, false, List.of(), false, false);
        }

        KillPoint withEnv(String key, String value) {
            Map<String, String> more = new HashMap<>(env);
            more.put(key, value);
            return new KillPoint(name, minChatCalls, trigger, more, paused, texts, deletes, deleteIndex);
        }

        KillPoint withPause() {
            return new KillPoint(name, minChatCalls, trigger, env, true, texts, deletes, deleteIndex);
        }

        KillPoint withText(String text) {
            return new KillPoint(name, minChatCalls, trigger, env, paused, List.of(text), deletes, deleteIndex);
        }

        KillPoint withDeletion() {
            return new KillPoint(name, minChatCalls, trigger, env, paused, texts, true, deleteIndex);
        }

        KillPoint withIndexDeleted() {
            return new KillPoint(name, minChatCalls, trigger, env, paused, texts, deletes, true);
        }
    }

    /**
     * A kill that happened: at which event, when SIGKILL was sent and when the process was gone, and what it left in
     * the store: unfinished documents, temp files, the LLM answers kept. Requests that arrive while SIGKILL is on its
     * way still come from the killed process.
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
        String deletion = "";
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

        /** Calls of the killed process whose answer it had not committed: answered too late, or not at all. */
        List<ChatTrace> lost(List<ChatTrace> traces) {
            return calls(traces).stream().filter(t -> !isKept(t, keptAnswers)).toList();
        }
    }

    /** Kills the service it is armed with at the first matching event; events arrive on any thread. */
    private static final class Killer {
        private final List<Kill> kills = new ArrayList<>();
        private final Set<String> distinctCalls = ConcurrentHashMap.newKeySet();
        private final List<String> answered = Collections.synchronizedList(new ArrayList<>());
        private final List<String> deleted = Collections.synchronizedList(new ArrayList<>());
        private KillPoint armed;
        private Trigger trigger;
        private RunState state;
        private ForkedLibrarian service;
        private Kill lastKill;

        synchronized void arm(KillPoint point, ForkedLibrarian target, Path dir) {
            armed = point;
            trigger = point.trigger().get();
            state = new RunState();
            state.processedAtStart = processedCount(dir);
            service = target;
            lastKill = null;
            answered.clear();
            deleted.clear();
        }

        synchronized void disarm() {
            armed = null;
            service = null;
        }

        void event(Event e) {
            if (e.type() == EventType.CHAT) {
                distinctCalls.add(e.chat().bodySha256());
            } else if (e.type() == EventType.ANSWERED) {
                answered.add(e.detail());
            } else if (e.type() == EventType.DELETE_ANSWERED) {
                deleted.add(e.detail());
            }
            synchronized (this) {
                if (armed == null || distinctCalls.size() < armed.minChatCalls() || !trigger.fires(e, state)) {
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

        /**
         * The kill of the armed service, or null if it finished every document first. Meanwhile watches the store
         * for status changes and the vector index folder for files.
         */
        Kill awaitKill(Path dir, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            int processed = -1;
            boolean indexFile = false;
            long nextStatusRead = 0;
            while (true) {
                synchronized (this) {
                    if (lastKill != null) {
                        return lastKill;
                    }
                    if (!service.isAlive()) {
                        throw new AssertionError("the service died without being killed");
                    }
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("neither killed at '" + armed.name() + "' nor finished");
                    }
                }
                if (!indexFile && armed.deleteIndex() && !indexFiles(dir).isEmpty()) {
                    indexFile = true;
                    event(Event.of(EventType.INDEX_FILE, indexFiles(dir).get(0)));
                    continue;
                }
                if (System.nanoTime() >= nextStatusRead) {
                    nextStatusRead = System.nanoTime() + 10_000_000;
                    int now = processedCount(dir);
                    if (now == DOCUMENTS - deleted().size() && lastKill == null) {
                        return null;
                    }
                    if (now != processed) {
                        processed = now;
                        event(Event.of(EventType.STATUS, String.valueOf(now)));
                    }
                }
                synchronized (this) {
                    if (lastKill == null) {
                        wait(armed.deleteIndex() ? 1 : 5);
                    }
                }
            }
        }

        synchronized List<Kill> kills() {
            return List.copyOf(kills);
        }

        /** Texts whose POST was answered in this run. */
        List<String> answered() {
            synchronized (answered) {
                return List.copyOf(answered);
            }
        }

        /** Books whose deletion was started in this run. */
        List<String> deleted() {
            synchronized (deleted) {
                return List.copyOf(deleted);
            }
        }
    }

    /**
     * The user's side of a run, on a thread of its own: once the service listens, sends each due text the store does
     * not hold yet and, if asked, deletes the first book that is processed.
     */
    private static Thread client(ForkedLibrarian service, Killer killer, Path dir, Set<String> dueTexts,
                                 boolean deletes) {
        Thread thread = new Thread(() -> {
            try {
                service.awaitReady(Duration.ofSeconds(60));
                // the resumed documents' first writes come first
                Thread.sleep(300);
                for (String text : dueTexts) {
                    if (!StoreRows.statuses(dir).containsKey(docId(text))) {
                        killer.event(Event.of(EventType.POSTING, text));
                        HttpResponse<String> answer = post(service, text);
                        if (answer.statusCode() == 200
                                && JSON.readTree(answer.body()).path("status").asText().equals("success")) {
                            killer.event(Event.of(EventType.ANSWERED, text));
                        }
                    }
                }
                while (deletes) {
                    Map<String, String> statuses = StoreRows.statuses(dir);
                    String book = BOOKS.keySet().stream().filter(b -> "processed".equals(statuses.get(docId(b))))
                            .findFirst().orElse(null);
                    if (book != null) {
                        HttpResponse<String> answer = service.send("DELETE", "/documents/delete_document",
                                "{\"doc_ids\": [\"" + docId(book) + "\"], \"delete_file\": true}");
                        if (answer.statusCode() == 200) {
                            killer.event(Event.of(EventType.DELETE_ANSWERED, book));
                            break;
                        }
                    }
                    Thread.sleep(20);
                }
            } catch (InterruptedException | IOException | AssertionError | RuntimeException gone) {
                // killed meanwhile: the next run sends what is missing
            }
        }, "kill-nine-client");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Checks each book whose deletion the (dead) service had started: whole or gone; if gone, the user drops it again.
     */
    private static String redropDeleted(Path dir, Path inbox, Killer killer, List<String> broken, String point)
            throws IOException {
        List<String> outcomes = new ArrayList<>();
        for (String book : killer.deleted()) {
            String outcome = wholeOrGone(dir, book, broken, point);
            outcomes.add(book + " " + outcome);
            if (outcome.equals("gone")) {
                Files.deleteIfExists(inbox.resolve(".done").resolve(book));
                dropBooks(inbox, List.of(book));
            }
        }
        return String.join(", ", outcomes);
    }

    /**
     * Whether a book the killed process was deleting is whole (processed, with its text and chunks and their
     * vectors) or gone (none of them); anything in between is noted in {@code broken}.
     */
    private static String wholeOrGone(Path dir, String book, List<String> broken, String point) {
        String id = docId(book);
        String status = StoreRows.statuses(dir).get(id);
        boolean text = StoreRows.kv(dir, "full_docs").containsKey(id);
        long chunks = StoreRows.kv(dir, "text_chunks").values().stream()
                .filter(c -> id.equals(c.path("full_doc_id").asText())).count();
        long vectors = StoreRows.vectors(dir, "chunks").keySet().stream().filter(v -> v.startsWith(id)).count();
        long nodes = StoreRows.nodes(dir).values().stream()
                .filter(n -> n.path("sourceId").asText().contains(id)).count();
        String seen = "status " + status + ", text " + text + ", " + chunks + " chunks, " + vectors
                + " chunk vectors, " + nodes + " graph nodes from it";
        if (status == null && !text && chunks == 0 && vectors == 0 && nodes == 0) {
            return "gone";
        }
        if (!"processed".equals(status) || !text || chunks == 0 || vectors != chunks || nodes == 0) {
            broken.add("at '" + point + "': " + book + " half deleted: " + seen);
        }
        return "whole";
    }

    /** Reports the creation of temporary files and writes of the store's WAL in the working directory, and books
     * picked up in the inbox, as inotify sees them. */
    private static final class FileEvents implements AutoCloseable {
        private final WatchService watcher;
        private final Thread thread;

        private FileEvents(WatchService watcher, Thread thread) {
            this.watcher = watcher;
            this.thread = thread;
        }

        static FileEvents start(Path dir, Path inbox, Consumer<Event> events) throws IOException {
            WatchService watcher = FileSystems.getDefault().newWatchService();
            WatchKey dirKey = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            inbox.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            Thread thread = new Thread(() -> {
                try {
                    while (true) {
                        WatchKey key = watcher.take();
                        for (WatchEvent<?> event : key.pollEvents()) {
                            if (!(event.context() instanceof Path path)) {
                                continue;
                            }
                            String name = path.toString();
                            if (key != dirKey) {
                                if (name.endsWith(".camelLock")) {
                                    events.accept(Event.of(EventType.INBOX_LOCK, name));
                                }
                            } else if (name.equals("library.db-wal")) {
                                events.accept(Event.of(EventType.WAL, name));
                            } else if (name.contains(".tmp.") && event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                                events.accept(Event.of(EventType.TEMP_FILE, name));
                            }
                        }
                        key.reset();
                    }
                } catch (InterruptedException | ClosedWatchServiceException stopped) {
                    // closed
                }
            }, "file-events");
            thread.setDaemon(true);
            thread.start();
            return new FileEvents(watcher, thread);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            watcher.close();
            thread.join(5000);
        }
    }

    // ---- helpers ----

    private static ForkedLibrarian start(Path dir, Path inbox, Map<String, String> env, Path log) throws IOException {
        Map<String, String> settings = new HashMap<>(SETTINGS);
        settings.putAll(env);
        return ForkedLibrarian.start(dir, inbox, ollama, settings, log).awaitReady(Duration.ofSeconds(60));
    }

    private static HttpResponse<String> post(ForkedLibrarian service, String text) throws IOException,
            InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("text", TEXTS.get(text));
        body.put("file_source", text);
        return service.send("POST", "/documents/text", body.toString());
    }

    private static String docId(String fileName) {
        return "doc-" + DocumentIds.md5Hex(fileName);
    }

    /** Moves the books into the inbox the way a user does: written elsewhere, then renamed in. */
    private static void dropBooks(Path inbox, java.util.Collection<String> books) throws IOException {
        Path staging = inbox.resolveSibling("staging");
        Files.createDirectories(staging);
        Files.createDirectories(inbox);
        for (String book : books) {
            Path file = Files.writeString(staging.resolve(book), BOOKS.get(book));
            Files.move(file, inbox.resolve(book), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Files of the vector index other than its lock: the index is being (re)built. */
    private static List<String> indexFiles(Path dir) {
        Path vectors = dir.resolve("vectors");
        if (!Files.isDirectory(vectors)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(vectors, 2)) {
            return files.filter(Files::isRegularFile).map(p -> vectors.relativize(p).toString())
                    .filter(n -> !n.endsWith("write.lock")).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // changing under our feet
        }
    }

    private static void awaitAllProcessed(Path dir, ForkedLibrarian service, Duration timeout) {
        RunningLibrarian.await(timeout, () -> {
            if (!service.isAlive()) {
                throw new AssertionError("the service exited before finishing");
            }
            return processedCount(dir) == DOCUMENTS;
        }, "not every document was processed: " + StoreRows.statuses(dir));
    }

    /** Documents the store says are processed. */
    private static int processedCount(Path dir) {
        return (int) StoreRows.statuses(dir).values().stream().filter("processed"::equals).count();
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
        System.out.println("kill point | event | documents unfinished | temp files left | calls in flight | answers "
                + "lost (answered up to .. ms before the kill) | made again later | deletion");
        for (Kill k : kills) {
            Set<String> lost = new HashSet<>();
            k.lost(traces).forEach(t -> lost.add(t.bodySha256()));
            long again = traces.stream().filter(t -> t.receivedNanos() > k.endNanos && lost.remove(t.bodySha256()))
                    .count();
            long answeredBefore = k.lost(traces).stream().filter(t -> t.finishedNanos() != 0)
                    .mapToLong(t -> (k.sentNanos - t.finishedNanos()) / 1_000_000).max().orElse(0);
            System.out.printf("%s | %s | %d | %d | %d | %d (%d) | %d | %s%n", k.point.name(), k.event,
                    k.unfinishedDocuments, k.tempFilesLeft, k.inFlight(traces).size(), k.lost(traces).size(),
                    answeredBefore, again, k.deletion);
        }
        writeCallLog(traces, kills);
        System.out.printf("repeated chat calls in all: %d; mirror reads while running: %s; different contents "
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

    /** Every LLM answer the store holds (committed before its call freed its slot). */
    private static List<JsonNode> keptAnswers(Path dir) {
        return new ArrayList<>(StoreRows.kv(dir, "llm_response_cache").values());
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
