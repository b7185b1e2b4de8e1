package dev.librarian.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.librarian.testing.FakeAnswers.Message;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * An in-process fake of the Ollama HTTP API for tests, listening on {@code 127.0.0.1} at an OS-assigned port.
 *
 * <p>Endpoints: {@code GET /api/version}, {@code GET /api/tags}, {@code POST /api/chat} (streamed as NDJSON
 * unless {@code "stream":false}, as in Ollama) and {@code POST /api/embed}; anything else is a 404. Model names
 * match as Ollama matches them ({@code bge-m3} is {@code bge-m3:latest}); an unknown model is a 404, the
 * embedding model asked to chat a 400, both with Ollama's error texts.
 *
 * <p>Chat answers are deterministic functions of the conversation, chosen by its {@link Kind}:
 * <ul>
 *   <li>{@link Kind#EXTRACTION} (a system message holds {@code <|COMPLETE|>}, no assistant message): LightRAG
 *       records for the capitalised words of the last user message's fenced text, at most
 *       {@link Config#maxEntitiesPerChunk()} entities, relations between consecutive ones, then
 *       {@code <|COMPLETE|>};</li>
 *   <li>{@link Kind#GLEANING} (same, with an assistant message): one entity row for the first capitalised word
 *       of the first user message's fenced text that the assistant did not name, then {@code <|COMPLETE|>};</li>
 *   <li>{@link Kind#KEYWORDS} (a message mentions {@code high_level_keywords}): LightRAG's keywords JSON;</li>
 *   <li>{@link Kind#OTHER}: {@code "Summary: "} and the start of the last user message.</li>
 * </ul>
 * Embeddings are L2-normalised bag-of-words hashes, so texts sharing words have a high cosine similarity.
 *
 * <p>All controls are thread-safe and may change while requests run. Chat fault injections ({@link #failNext},
 * {@link #hangNext}, {@link #stallNext}, {@link #garbageNext}, {@link #dropNext}) queue up and are consumed first in, first out, one
 * by each chat request that has a known model and got a parallelism slot. Requests are served fully
 * concurrently; only {@link #maxParallel} limits them.
 */
public final class FakeOllama implements AutoCloseable {

    /** What a chat request asks for, as judged from its messages. */
    public enum Kind { EXTRACTION, GLEANING, KEYWORDS, OTHER }

    /**
     * Names of the served models, embedding dimension and the extraction entity limit.
     *
     * @param chatModel           the only model {@code /api/chat} accepts
     * @param embedModel          the embedding model; {@code /api/embed} accepts it and the chat model
     * @param embeddingDim        length of every embedding vector
     * @param maxEntitiesPerChunk entities in an extraction answer; further ones are left for gleaning
     */
    public record Config(String chatModel, String embedModel, int embeddingDim, int maxEntitiesPerChunk) {
        public static final Config DEFAULT = new Config("qwen2.5:7b", "bge-m3:latest", 1024, 6);

        public Config {
            if (chatModel.isBlank() || embedModel.isBlank() || embeddingDim < 1 || maxEntitiesPerChunk < 0) {
                throw new IllegalArgumentException("invalid fake Ollama config");
            }
        }

        public Config withChatModel(String name) {
            return new Config(name, embedModel, embeddingDim, maxEntitiesPerChunk);
        }

        public Config withEmbedModel(String name) {
            return new Config(chatModel, name, embeddingDim, maxEntitiesPerChunk);
        }

        public Config withEmbeddingDim(int dim) {
            return new Config(chatModel, embedModel, dim, maxEntitiesPerChunk);
        }

        public Config withMaxEntitiesPerChunk(int max) {
            return new Config(chatModel, embedModel, embeddingDim, max);
        }
    }

    /** Ollama's answer when its request queue is full. */
    public static final String BUSY = "server busy, please try again.  maximum pending requests exceeded";
    /** Message content of a {@link #garbageNext} answer. */
    public static final String GARBAGE = "I cannot help with that. ### ??? <|#|";

    private static final String VERSION = "0.12.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WORD_PIECE = Pattern.compile("(?<=\\s)(?=\\S)");

    static {
        // The JDK server flushes headers and body separately; with Nagle's algorithm on, each answer then
        // waits ~40 ms for the client's delayed ACK. Read once, when the JVM's first HttpServer starts.
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    private enum FaultType { FAIL, HANG, GARBAGE, DROP, STALL }

    private record Fault(FaultType type, int status, Duration delay) {
    }

    /**
     * One chat request as the fake saw it, so a test can tell a call made twice from two different calls.
     *
     * @param seq            1-based arrival number since start or {@link #reset()}
     * @param kind           what the request asks for
     * @param body           the request's JSON body
     * @param bodySha256     SHA-256 of the body with its keys sorted: equal bodies are the same call, whatever the order
     *                       of their keys
     * @param receivedNanos  {@link System#nanoTime()} when the body was read
     * @param finishedNanos  when the answer was written (or the request failed); 0 while still in progress
     * @param answer         the answer's message content once known; null without an answer
     */
    public record ChatTrace(int seq, Kind kind, JsonNode body, String bodySha256, long receivedNanos,
                            long finishedNanos, String answer) {
    }

    /** A {@link ChatTrace} under construction: finished once the handler is done with the request. */
    private static final class OpenTrace {
        private final ChatTrace received;
        private volatile long finishedNanos;
        private volatile String answer;

        private OpenTrace(ChatTrace received) {
            this.received = received;
        }

        ChatTrace snapshot() {
            return new ChatTrace(received.seq(), received.kind(), received.body(), received.bodySha256(),
                    received.receivedNanos(), finishedNanos, answer);
        }
    }

    private final Config config;
    private final HttpServer server;
    private final ExecutorService executor;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Instant startedAt = Instant.now();

    private volatile Duration chatLatency = Duration.ZERO;
    private volatile Duration embedLatency = Duration.ZERO;
    private volatile Duration pieceInterval = Duration.ZERO;
    private final Queue<Fault> chatFaults = new ConcurrentLinkedQueue<>();
    private final Queue<Integer> embedFaults = new ConcurrentLinkedQueue<>();

    private final ReentrantLock slots = new ReentrantLock();
    private final Condition slotFreed = slots.newCondition();
    private int parallelCap;
    private boolean rejectOverCap;
    private int inFlight;
    private int maxObserved;
    private long slotNanos;
    private long lastSlotChange = System.nanoTime();

    private final Map<Kind, AtomicInteger> chatCalls = new EnumMap<>(Kind.class);
    private final AtomicInteger failedChatCalls = new AtomicInteger();
    private final Map<String, AtomicInteger> requestsByPath = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean outage;
    private final AtomicInteger embedRequests = new AtomicInteger();
    private final AtomicInteger embedInputs = new AtomicInteger();
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong evalTokens = new AtomicLong();
    private final AtomicLong embedTokens = new AtomicLong();
    private final List<JsonNode> requests = new ArrayList<>();
    private final List<Integer> embedBatchSizes = new ArrayList<>();
    private final List<OpenTrace> traces = new ArrayList<>();
    private final AtomicInteger embedArrivals = new AtomicInteger();
    private final LongAdder handlingNanos = new LongAdder();
    private volatile Consumer<ChatTrace> onChatAdmitted = trace -> { };
    private volatile IntConsumer onEmbedRequest = count -> { };

    private FakeOllama(Config config) throws IOException {
        this.config = config;
        for (Kind kind : Kind.values()) {
            chatCalls.put(kind, new AtomicInteger());
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-ollama-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a fake with {@link Config#DEFAULT}. */
    public static FakeOllama start() {
        return start(Config.DEFAULT);
    }

    public static FakeOllama start(Config config) {
        try {
            return new FakeOllama(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start fake Ollama", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Config config() {
        return config;
    }

    /** Stops the server; requests sleeping in latency, hangs or slot waits end at once. */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        closed.countDown();
        withSlots(slotFreed::signalAll);
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- controls ----

    /** Delay before every chat answer, counted as in flight. */
    public FakeOllama chatLatency(Duration latency) {
        chatLatency = latency;
        return this;
    }

    /** Pause between the pieces of every streamed chat answer, as a model writing word by word. */
    public FakeOllama pieceInterval(Duration interval) {
        pieceInterval = interval;
        return this;
    }

    /** Delay before every embedding answer. */
    public FakeOllama embedLatency(Duration latency) {
        embedLatency = latency;
        return this;
    }

    /**
     * Caps the chat requests in progress. Beyond the cap a request gets Ollama's 503 {@link #BUSY} answer if
     * {@code rejectOverCap}, else it waits for a slot (like {@code OLLAMA_NUM_PARALLEL}). A cap below 1 removes
     * the limit.
     */
    public FakeOllama maxParallel(int cap, boolean rejectOverCap) {
        withSlots(() -> {
            parallelCap = cap;
            this.rejectOverCap = rejectOverCap;
            slotFreed.signalAll();
        });
        return this;
    }

    /**
     * Runs {@code hook} on the request's thread each time a chat request gets its parallelism slot, before it is
     * answered (so the call is in flight while the hook runs).
     */
    public FakeOllama onChatAdmitted(Consumer<ChatTrace> hook) {
        onChatAdmitted = hook;
        return this;
    }

    /**
     * Runs {@code hook} with the number of valid embedding requests received so far (since start or
     * {@link #reset()}) each time one arrives, before it is answered.
     */
    public FakeOllama onEmbedRequest(IntConsumer hook) {
        onEmbedRequest = hook;
        return this;
    }

    /** The next {@code count} chat requests get {@code httpStatus} (400..599) and {"error":"fake failure"}. */
    public FakeOllama failNext(int count, int httpStatus) {
        return queueChatFaults(count, new Fault(FaultType.FAIL, requireErrorStatus(httpStatus), Duration.ZERO));
    }

    /** The next {@code count} chat requests sleep {@code delay} (cut short by {@link #close}), then answer. */
    public FakeOllama hangNext(int count, Duration delay) {
        return queueChatFaults(count, new Fault(FaultType.HANG, 0, delay));
    }

    /**
     * The next {@code count} streamed chat answers stop after their first piece for {@code delay} (cut short by
     * {@link #close}), then go on; a non-streamed one waits {@code delay} before answering, like {@link #hangNext}.
     */
    public FakeOllama stallNext(int count, Duration delay) {
        return queueChatFaults(count, new Fault(FaultType.STALL, 0, delay));
    }

    /**
     * While on, every request, whatever its path, is answered 500 {"error":"fake outage"}: an Ollama that is up
     * but broken. Requests are still counted by {@link #requests(String)}.
     */
    public FakeOllama outage(boolean on) {
        outage = on;
        return this;
    }

    /** The next {@code count} chat requests get well-formed responses whose content is {@link #GARBAGE}. */
    public FakeOllama garbageNext(int count) {
        return queueChatFaults(count, new Fault(FaultType.GARBAGE, 0, Duration.ZERO));
    }

    /** The next {@code count} chat requests have their connection closed without any response. */
    public FakeOllama dropNext(int count) {
        return queueChatFaults(count, new Fault(FaultType.DROP, 0, Duration.ZERO));
    }

    /** The next {@code count} valid embedding requests get {@code httpStatus} (400..599) and an error. */
    public FakeOllama failEmbedNext(int count, int httpStatus) {
        requireErrorStatus(httpStatus);
        for (int i = 0; i < count; i++) {
            embedFaults.add(httpStatus);
        }
        return this;
    }

    // ---- observations ----

    /** Chat requests answered with status 200, garbage included. */
    public int chatCalls() {
        return chatCalls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public int chatCalls(Kind kind) {
        return chatCalls.get(kind).get();
    }

    /** Requests received for {@code "METHOD /path"}, e.g. {@code "GET /api/tags"}, whatever the answer. */
    public int requests(String methodAndPath) {
        AtomicInteger n = requestsByPath.get(methodAndPath);
        return n == null ? 0 : n.get();
    }

    /** Chat requests not answered with 200: injected failures and drops, busy rejections, bad requests. */
    public int failedChatCalls() {
        return failedChatCalls.get();
    }

    /** Embedding requests answered with 200. */
    public int embedRequests() {
        return embedRequests.get();
    }

    /** Texts embedded by the requests answered with 200. */
    public int embedInputs() {
        return embedInputs.get();
    }

    /** Sum of the {@code prompt_eval_count} figures of the chat answers sent with 200. */
    public long promptTokens() {
        return promptTokens.get();
    }

    /** Sum of the {@code eval_count} figures of the chat answers sent with 200. */
    public long evalTokens() {
        return evalTokens.get();
    }

    /** Sum of the {@code prompt_eval_count} figures of the embedding answers sent with 200. */
    public long embedTokens() {
        return embedTokens.get();
    }

    /** Inputs per embedding request answered with 200, in arrival order. */
    public List<Integer> embedBatchSizes() {
        synchronized (embedBatchSizes) {
            return List.copyOf(embedBatchSizes);
        }
    }

    /** Every JSON body received at {@code /api/chat}, in arrival order. */
    public List<JsonNode> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Every chat request received since start or {@link #reset()} with its timing, in arrival order. */
    public List<ChatTrace> chatTraces() {
        synchronized (traces) {
            return traces.stream().map(OpenTrace::snapshot).toList();
        }
    }

    /** Chat requests holding a slot right now: from admission until the response is sent. */
    public int inFlightChat() {
        return readSlots(() -> inFlight);
    }

    /** Seconds of chat slot time used: each answered or failed request counts from admission to response. */
    public double chatSlotSeconds() {
        slots.lock();
        try {
            accountSlots();
            return slotNanos / 1e9;
        } finally {
            slots.unlock();
        }
    }

    /** The highest {@link #inFlightChat()} seen since start or {@link #reset()}. */
    public int maxObservedParallelChat() {
        return readSlots(() -> maxObserved);
    }

    /**
     * Nanoseconds spent on requests from their arrival to their answer (latencies included), summed over all of them:
     * what a caller waiting on one request at a time spent waiting on Ollama.
     */
    public long handlingNanos() {
        return handlingNanos.sum();
    }

    /** Zeroes counters and forgets recorded requests; latencies, cap and queued faults stay. */
    public void reset() {
        chatCalls.values().forEach(counter -> counter.set(0));
        failedChatCalls.set(0);
        requestsByPath.clear();
        embedRequests.set(0);
        embedInputs.set(0);
        promptTokens.set(0);
        evalTokens.set(0);
        embedTokens.set(0);
        synchronized (requests) {
            requests.clear();
        }
        synchronized (embedBatchSizes) {
            embedBatchSizes.clear();
        }
        synchronized (traces) {
            traces.clear();
        }
        embedArrivals.set(0);
        withSlots(() -> {
            accountSlots();
            maxObserved = inFlight;
            slotNanos = 0;
        });
    }

    /** The vector {@code /api/embed} returns for {@code text}. */
    public float[] embedding(String text) {
        return FakeAnswers.embedding(text, config.embeddingDim());
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        try (exchange) {
            String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            requestsByPath.computeIfAbsent(request, k -> new AtomicInteger()).incrementAndGet();
            if (outage) {
                exchange.getRequestBody().readAllBytes();
                sendError(exchange, 500, "fake outage");
                return;
            }
            switch (request) {
                case "GET /api/version" -> sendJson(exchange, 200, JSON.createObjectNode().put("version", VERSION));
                case "GET /api/tags" -> sendJson(exchange, 200, tags());
                case "POST /api/chat" -> chat(exchange);
                case "POST /api/embed" -> embed(exchange);
                default -> send(exchange, 404, "text/plain", "404 page not found".getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        } catch (RuntimeException e) {
            answerUnexpected(exchange, e);
        } finally {
            handlingNanos.add(System.nanoTime() - started);
        }
    }

    private void chat(HttpExchange exchange) throws IOException {
        ObjectNode body = readBody(exchange);
        if (body == null) {
            failedChatCalls.incrementAndGet();
            return;
        }
        synchronized (requests) {
            requests.add(body);
        }
        OpenTrace trace = trace(body);
        try {
            admitAndAnswer(exchange, body, trace);
        } finally {
            trace.finishedNanos = System.nanoTime();
        }
    }

    private OpenTrace trace(ObjectNode body) throws IOException {
        Object canonical = JSON.convertValue(body, Object.class);
        String hash = HexFormat.of().formatHex(sha256(
                JSON.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsBytes(canonical)));
        Kind kind = FakeAnswers.classify(messages(body));
        synchronized (traces) {
            OpenTrace trace = new OpenTrace(new ChatTrace(traces.size() + 1, kind, body.deepCopy(), hash,
                    System.nanoTime(), 0, null));
            traces.add(trace);
            return trace;
        }
    }

    private void admitAndAnswer(HttpExchange exchange, ObjectNode body, OpenTrace trace) throws IOException {
        String model = body.path("model").asText("");
        if (!sameModel(model, config.chatModel())) {
            failedChatCalls.incrementAndGet();
            rejectModel(exchange, model);
            return;
        }
        if (!admit()) {
            failedChatCalls.incrementAndGet();
            sendError(exchange, 503, BUSY);
            return;
        }
        // like Ollama, a slot is free once the answer is generated, before its last bytes reach the client
        Runnable slot = new Runnable() {
            private boolean released;

            @Override
            public synchronized void run() {
                if (!released) {
                    released = true;
                    release();
                }
            }
        };
        try {
            onChatAdmitted.accept(trace.received);
            answerChat(exchange, body, model, slot, trace);
        } finally {
            slot.run();
        }
    }

    private void answerChat(HttpExchange exchange, ObjectNode body, String model, Runnable slot, OpenTrace trace)
            throws IOException {
        long startNanos = System.nanoTime();
        Fault fault = chatFaults.poll();
        FaultType faultType = fault == null ? null : fault.type();
        if (faultType == FaultType.FAIL || faultType == FaultType.DROP) {
            failedChatCalls.incrementAndGet();
            slot.run();
            if (faultType == FaultType.FAIL) {
                sendError(exchange, fault.status(), "fake failure");
            }
            return;
        }
        boolean stream = body.path("stream").asBoolean(true);
        if (faultType == FaultType.HANG || faultType == FaultType.STALL && !stream) {
            pause(fault.delay());
        }
        // the answer is written within the latency, as Ollama's generation is its latency: the fake's own work
        // does not lengthen the call beyond what the test or benchmark set
        long answerDue = System.nanoTime() + chatLatency.toNanos();
        List<Message> messages = messages(body);
        Kind kind = FakeAnswers.classify(messages);
        String content = faultType == FaultType.GARBAGE
                ? GARBAGE
                : FakeAnswers.answer(kind, messages, config.maxEntitiesPerChunk());
        int promptCount = tokens(messages.stream().mapToInt(m -> m.content().length()).sum());
        int evalCount = tokens(content.length());
        pause(Duration.ofNanos(answerDue - System.nanoTime()));
        chatCalls.get(kind).incrementAndGet();
        trace.answer = content;
        ObjectNode last = chatChunk(model, stream ? "" : content, true);
        promptTokens.addAndGet(promptCount);
        evalTokens.addAndGet(evalCount);
        addStats(last, startNanos, promptCount, evalCount);
        if (stream) {
            streamChat(exchange, model, content, last, slot, faultType == FaultType.STALL ? fault.delay() : Duration.ZERO);
        } else {
            slot.run();
            sendJson(exchange, 200, last);
        }
    }

    private void streamChat(HttpExchange exchange, String model, String content, ObjectNode last, Runnable slot,
                            Duration stallAfterFirstPiece) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            boolean first = true;
            for (String piece : WORD_PIECE.split(content)) {
                if (!piece.isEmpty()) {
                    if (!first) {
                        pause(pieceInterval);
                    }
                    writeLine(out, chatChunk(model, piece, false));
                    if (first) {
                        first = false;
                        pause(stallAfterFirstPiece);
                    }
                }
            }
            slot.run();
            writeLine(out, last);
        }
    }

    private void embed(HttpExchange exchange) throws IOException {
        ObjectNode body = readBody(exchange);
        if (body == null) {
            return;
        }
        String model = body.path("model").asText("");
        if (!sameModel(model, config.embedModel()) && !sameModel(model, config.chatModel())) {
            rejectModel(exchange, model);
            return;
        }
        List<String> inputs = embedInputs(body.get("input"));
        if (inputs == null) {
            sendError(exchange, 400, "invalid input type");
            return;
        }
        onEmbedRequest.accept(embedArrivals.incrementAndGet());
        Integer failure = embedFaults.poll();
        if (failure != null) {
            sendError(exchange, failure, "fake failure");
            return;
        }
        long startNanos = System.nanoTime();
        pause(embedLatency);
        ObjectNode answer = JSON.createObjectNode().put("model", model);
        ArrayNode embeddings = answer.putArray("embeddings");
        for (String input : inputs) {
            ArrayNode vector = embeddings.addArray();
            for (float x : embedding(input)) {
                vector.add(x);
            }
        }
        long elapsed = Math.max(1, System.nanoTime() - startNanos);
        int embedCount = tokens(inputs.stream().mapToInt(String::length).sum());
        embedTokens.addAndGet(embedCount);
        answer.put("total_duration", elapsed)
                .put("load_duration", elapsed / 10)
                .put("prompt_eval_count", embedCount);
        embedRequests.incrementAndGet();
        embedInputs.addAndGet(inputs.size());
        synchronized (embedBatchSizes) {
            embedBatchSizes.add(inputs.size());
        }
        sendJson(exchange, 200, answer);
    }

    /** Ollama's {@code input}: a string, an array of strings, or absent; {@code null} if it is anything else. */
    private static List<String> embedInputs(JsonNode input) {
        if (input == null || input.isNull()) {
            return List.of();
        }
        if (input.isTextual()) {
            return List.of(input.textValue());
        }
        if (!input.isArray()) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode element : input) {
            if (!element.isTextual()) {
                return null;
            }
            texts.add(element.textValue());
        }
        return texts;
    }

    private ObjectNode tags() {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode models = answer.putArray("models");
        models.add(modelInfo(config.chatModel(), "qwen2", "7.6B", "Q4_K_M", 4_683_087_332L));
        models.add(modelInfo(config.embedModel(), "bert", "566.70M", "F16", 1_157_672_605L));
        return answer;
    }

    private ObjectNode modelInfo(String name, String family, String parameterSize, String quantization, long size) {
        ObjectNode model = JSON.createObjectNode()
                .put("name", withTag(name))
                .put("model", withTag(name))
                .put("modified_at", startedAt.toString())
                .put("size", size)
                .put("digest", sha256(withTag(name)));
        ObjectNode details = model.putObject("details")
                .put("parent_model", "")
                .put("format", "gguf")
                .put("family", family);
        details.putArray("families").add(family);
        details.put("parameter_size", parameterSize).put("quantization_level", quantization);
        return model;
    }

    private static ObjectNode chatChunk(String model, String content, boolean done) {
        ObjectNode chunk = JSON.createObjectNode().put("model", model).put("created_at", Instant.now().toString());
        chunk.putObject("message").put("role", "assistant").put("content", content);
        return chunk.put("done", done);
    }

    private static void addStats(ObjectNode last, long startNanos, int promptTokens, int evalTokens) {
        long total = Math.max(1, System.nanoTime() - startNanos);
        last.put("done_reason", "stop")
                .put("total_duration", total)
                .put("load_duration", total / 10)
                .put("prompt_eval_count", promptTokens)
                .put("prompt_eval_duration", total / 5)
                .put("eval_count", evalTokens)
                .put("eval_duration", total - total / 10 - total / 5);
    }

    private static List<Message> messages(ObjectNode body) {
        List<Message> messages = new ArrayList<>();
        for (JsonNode message : body.path("messages")) {
            messages.add(new Message(message.path("role").asText(""), message.path("content").asText("")));
        }
        return messages;
    }

    /** The request's JSON object, or {@code null} after answering 400 if there is none. */
    private static ObjectNode readBody(HttpExchange exchange) throws IOException {
        try {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            if (body instanceof ObjectNode object) {
                return object;
            }
            sendError(exchange, 400, "missing request body");
        } catch (JsonProcessingException e) {
            sendError(exchange, 400, "invalid JSON: " + e.getOriginalMessage());
        }
        return null;
    }

    private void rejectModel(HttpExchange exchange, String model) throws IOException {
        if (sameModel(model, config.embedModel())) {
            sendError(exchange, 400, "\"" + model + "\" does not support chat");
        } else {
            sendError(exchange, 404, "model \"" + model + "\" not found, try pulling it first");
        }
    }

    private static void answerUnexpected(HttpExchange exchange, RuntimeException e) {
        if (exchange.getResponseCode() == -1) {
            try {
                sendError(exchange, 500, "fake Ollama failed: " + e);
            } catch (IOException ignored) {
                // the client went away
            }
        }
    }

    private static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        sendJson(exchange, status, JSON.createObjectNode().put("error", message));
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode json) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(json));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void writeLine(OutputStream out, JsonNode json) throws IOException {
        out.write(JSON.writeValueAsBytes(json));
        out.write('\n');
        out.flush();
    }

    // ---- concurrency ----

    /** Takes a chat slot, waiting if the cap is reached; {@code false} if the request is to be rejected. */
    private boolean admit() {
        slots.lock();
        try {
            while (parallelCap > 0 && inFlight >= parallelCap && closed.getCount() > 0) {
                if (rejectOverCap) {
                    return false;
                }
                slotFreed.awaitUninterruptibly();
            }
            accountSlots();
            inFlight++;
            maxObserved = Math.max(maxObserved, inFlight);
            return true;
        } finally {
            slots.unlock();
        }
    }

    private void release() {
        withSlots(() -> {
            accountSlots();
            inFlight--;
            slotFreed.signalAll();
        });
    }

    /** Adds the slot time since the last change: the integral of in-flight chat requests over time. */
    private void accountSlots() {
        long now = System.nanoTime();
        slotNanos += inFlight * (now - lastSlotChange);
        lastSlotChange = now;
    }

    private void withSlots(Runnable action) {
        slots.lock();
        try {
            action.run();
        } finally {
            slots.unlock();
        }
    }

    private int readSlots(IntSupplier read) {
        slots.lock();
        try {
            return read.getAsInt();
        } finally {
            slots.unlock();
        }
    }

    /** Sleeps, returning early when the fake is closed. */
    private void pause(Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            return;
        }
        try {
            closed.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private FakeOllama queueChatFaults(int count, Fault fault) {
        for (int i = 0; i < count; i++) {
            chatFaults.add(fault);
        }
        return this;
    }

    // ---- small helpers ----

    private static int requireErrorStatus(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        return status;
    }

    private static boolean sameModel(String requested, String served) {
        return withTag(requested).equals(withTag(served));
    }

    /** Ollama's implicit {@code :latest} tag. */
    private static String withTag(String name) {
        return name.contains(":") ? name : name + ":latest";
    }

    /** A rough token count: four characters per token. */
    private static int tokens(int chars) {
        return Math.max(1, (chars + 3) / 4);
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
