package dev.librarian.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.testing.FakeOllama.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeOllamaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String EXTRACTION_SYSTEM =
            "You extract entities. Output records separated by <|#|> and end with <|COMPLETE|>.";
    private static final String CHUNK = "Андрей Ефимыч сидел в палате. Никита стоял у двери и молчал.";
    private static final String EXTRACTION_USER = "Extract from the Input Text below.\n```\n" + CHUNK + "\n```\nOutput:";

    private FakeOllama fake = FakeOllama.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void extractionAnswersRecordsForCyrillicNamesEndingWithComplete() throws Exception {
        String content = chatContent(chat(false, system(EXTRACTION_SYSTEM), user(EXTRACTION_USER)));

        assertTrue(content.contains("entity<|#|>Андрей<|#|>"), content);
        assertTrue(content.contains("entity<|#|>Ефимыч<|#|>"), content);
        assertTrue(content.contains("entity<|#|>Никита<|#|>"), content);
        assertTrue(content.contains("Андрей is mentioned: \"Андрей Ефимыч сидел в палате.\""), content);
        assertTrue(content.contains("relation<|#|>Андрей<|#|>Ефимыч<|#|>co-occurrence,narrative<|#|>"), content);
        assertTrue(content.contains("relation<|#|>Ефимыч<|#|>Никита<|#|>"), content);
        assertFalse(content.contains("Extract"), "words outside the fences are not entities: " + content);
        assertTrue(content.endsWith("<|COMPLETE|>"), content);
        assertEquals(content, chatContent(chat(false, system(EXTRACTION_SYSTEM), user(EXTRACTION_USER))));
        assertEquals(2, fake.chatCalls(Kind.EXTRACTION));
    }

    @Test
    void chatTracesTellARepeatedCallFromADifferentOneAndHooksSeeCallsInFlight() throws Exception {
        List<FakeOllama.ChatTrace> admitted = new ArrayList<>();
        List<Integer> inFlightAtHook = new ArrayList<>();
        fake.onChatAdmitted(trace -> {
            admitted.add(trace);
            inFlightAtHook.add(fake.inFlightChat());
        });

        String first = chatContent(chat(false, system(EXTRACTION_SYSTEM), user(EXTRACTION_USER)));
        chatContent(chat(false, system(EXTRACTION_SYSTEM), user(EXTRACTION_USER)));
        chatContent(chat(false, user("Summarise: Андрей Ефимыч")));

        // the server closes a trace just after the client has its answer
        List<FakeOllama.ChatTrace> traces = finishedTraces(3);
        assertEquals(List.of(1, 2, 3), traces.stream().map(FakeOllama.ChatTrace::seq).toList());
        assertEquals(traces.get(0).bodySha256(), traces.get(1).bodySha256(), "the same request twice");
        ObjectNode reordered = JSON.createObjectNode().put("stream", false);
        reordered.putArray("messages").add(JSON.createObjectNode().put("content", EXTRACTION_SYSTEM).put("role", "system"))
                .add(JSON.createObjectNode().put("content", EXTRACTION_USER).put("role", "user"));
        reordered.put("model", fake.config().chatModel());
        chatContent(post("/api/chat", reordered));
        assertEquals(traces.get(0).bodySha256(), finishedTraces(4).get(3).bodySha256(), "key order does not matter");
        assertFalse(traces.get(2).bodySha256().equals(traces.get(0).bodySha256()));
        assertEquals(List.of(Kind.EXTRACTION, Kind.EXTRACTION, Kind.OTHER),
                traces.stream().map(FakeOllama.ChatTrace::kind).toList());
        assertEquals(first, traces.get(0).answer());
        assertTrue(traces.stream().allMatch(t -> t.finishedNanos() >= t.receivedNanos()), "finished after received");
        assertEquals(List.of(1, 2, 3, 4), admitted.stream().map(FakeOllama.ChatTrace::seq).toList());
        assertEquals(List.of(1, 1, 1, 1), inFlightAtHook, "a hook runs while its call holds a slot");

        List<Integer> embedCounts = new ArrayList<>();
        fake.onEmbedRequest(embedCounts::add);
        post("/api/embed", JSON.createObjectNode().put("model", "bge-m3").put("input", "Андрей"));
        post("/api/embed", JSON.createObjectNode().put("model", "bge-m3").put("input", "Никита"));
        assertEquals(List.of(1, 2), embedCounts);

        fake.reset();
        assertEquals(List.of(), fake.chatTraces());
    }

    private List<FakeOllama.ChatTrace> finishedTraces(int count) {
        RunningLibrarian.await(Duration.ofSeconds(5), () -> {
            List<FakeOllama.ChatTrace> traces = fake.chatTraces();
            return traces.size() == count && traces.stream().allMatch(t -> t.finishedNanos() != 0);
        }, "all " + count + " calls answered");
        return fake.chatTraces();
    }

    @Test
    void extractionWithoutCapitalisedWordsIsJustComplete() throws Exception {
        String content = chatContent(chat(false, system(EXTRACTION_SYSTEM), user("```\nничего тут нет\n```")));

        assertEquals("<|COMPLETE|>", content);
    }

    @Test
    void gleaningAddsTheFirstEntityTheEarlierAnswerMissed() throws Exception {
        fake.close();
        fake = FakeOllama.start(FakeOllama.Config.DEFAULT.withMaxEntitiesPerChunk(2));
        String first = chatContent(chat(false, system(EXTRACTION_SYSTEM), user(EXTRACTION_USER)));
        assertFalse(first.contains("Никита"), first);

        String gleaned = chatContent(chat(false, system(EXTRACTION_SYSTEM), user(EXTRACTION_USER),
                message("assistant", first), user("Some entities were missed, add them.")));

        assertTrue(gleaned.startsWith("entity<|#|>Никита<|#|>"), gleaned);
        assertTrue(gleaned.endsWith("<|COMPLETE|>"), gleaned);
        assertEquals(1, fake.chatCalls(Kind.GLEANING));
        assertEquals(1, fake.chatCalls(Kind.EXTRACTION));
    }

    @Test
    void keywordRequestsGetKeywordJson() throws Exception {
        String prompt = "Give high_level_keywords and low_level_keywords as JSON.\nQuery: Кто такой Андрей Ефимыч и почему он в больнице?";

        JsonNode keywords = JSON.readTree(chatContent(chat(false, user(prompt))));

        List<String> low = JSON.treeToValue(keywords.path("low_level_keywords"), List.class);
        List<String> high = JSON.treeToValue(keywords.path("high_level_keywords"), List.class);
        assertTrue(low.containsAll(List.of("Андрей", "Ефимыч")), low.toString());
        assertTrue(low.size() <= 5, low.toString());
        assertTrue(high.contains("больнице"), high.toString());
        assertEquals(1, fake.chatCalls(Kind.KEYWORDS));
    }

    @Test
    void otherRequestsGetADeterministicSummary() throws Exception {
        String content = chatContent(chat(false, user("Summarise:\n  Андрей Ефимыч\nworks here.")));

        assertEquals("Summary: Summarise: Андрей Ефимыч works here.", content);
        assertEquals(1, fake.chatCalls(Kind.OTHER));
    }

    @Test
    void streamingIsTheDefaultAndItsPiecesMakeTheWholeAnswer() throws Exception {
        ObjectNode streamed = chatRequest(system(EXTRACTION_SYSTEM), user(EXTRACTION_USER));
        HttpResponse<String> response = post("/api/chat", streamed);

        assertEquals(200, response.statusCode());
        assertEquals("application/x-ndjson", response.headers().firstValue("Content-Type").orElseThrow());
        List<String> lines = response.body().lines().toList();
        assertTrue(lines.size() >= 4, response.body());
        StringBuilder pieces = new StringBuilder();
        for (String line : lines.subList(0, lines.size() - 1)) {
            JsonNode chunk = JSON.readTree(line);
            assertFalse(chunk.path("done").asBoolean(true), line);
            pieces.append(chunk.path("message").path("content").asText());
        }
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        assertTrue(last.path("done").asBoolean(), last.toString());
        assertEquals("stop", last.path("done_reason").asText());
        assertEquals("", last.path("message").path("content").asText());
        assertTrue(last.path("eval_count").asInt() > 0, last.toString());
        assertEquals(chatContent(chat(false, system(EXTRACTION_SYSTEM), user(EXTRACTION_USER))), pieces.toString());
    }

    @Test
    void nonStreamingAnswerHasOllamaFields() throws Exception {
        JsonNode answer = JSON.readTree(chat(false, user("hello there")).body());

        assertEquals("qwen2.5:7b", answer.path("model").asText());
        assertEquals("assistant", answer.path("message").path("role").asText());
        assertTrue(answer.path("done").asBoolean());
        for (String field : List.of("created_at", "done_reason", "total_duration", "load_duration",
                "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration")) {
            assertTrue(answer.has(field), field);
        }
        assertEquals(1, fake.requests().size());
        assertFalse(fake.requests().get(0).path("stream").asBoolean(true));
    }

    @Test
    void embeddingsAreNormalisedDeterministicAndSimilarForSimilarTexts() throws Exception {
        fake.close();
        fake = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(256));
        ObjectNode request = JSON.createObjectNode().put("model", "bge-m3");
        request.putArray("input")
                .add("Андрей Ефимыч читает книгу в палате")
                .add("андрей ефимыч в палате читает")
                .add("The harbour freezes every winter");

        JsonNode answer = JSON.readTree(post("/api/embed", request).body());
        ArrayNode embeddings = (ArrayNode) answer.path("embeddings");

        assertEquals(3, embeddings.size());
        float[][] vectors = new float[3][];
        for (int i = 0; i < 3; i++) {
            assertEquals(256, embeddings.get(i).size());
            vectors[i] = JSON.treeToValue(embeddings.get(i), float[].class);
            assertEquals(1.0, cosine(vectors[i], vectors[i]), 1e-5);
        }
        assertTrue(cosine(vectors[0], vectors[1]) > 0.7, "similar: " + cosine(vectors[0], vectors[1]));
        assertTrue(cosine(vectors[0], vectors[2]) < 0.3, "unrelated: " + cosine(vectors[0], vectors[2]));
        assertArrayEquals(fake.embedding("андрей ефимыч в палате читает"), vectors[1]);

        JsonNode single = JSON.readTree(post("/api/embed", JSON.createObjectNode()
                .put("model", "bge-m3:latest").put("input", "")).body());
        assertEquals(1, single.path("embeddings").size());
        assertEquals(1.0, cosine(fake.embedding(""), fake.embedding("")), 1e-5);
        assertEquals(List.of(3, 1), fake.embedBatchSizes());
        assertEquals(4, fake.embedInputs());
        assertEquals(2, fake.embedRequests());
    }

    @Test
    void rejectsTheRequestBeyondTheCapWithBusy() throws Exception {
        fake.chatLatency(Duration.ofMillis(600)).maxParallel(2, true);

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            calls.add(chatAsync(user("slow " + i)));
        }
        awaitInFlight(2);
        HttpResponse<String> extra = chat(false, user("one too many"));

        assertEquals(503, extra.statusCode());
        assertEquals(FakeOllama.BUSY, JSON.readTree(extra.body()).path("error").asText());
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertEquals(200, call.get().statusCode());
        }
        assertEquals(2, fake.chatCalls());
        assertEquals(1, fake.failedChatCalls());
        assertEquals(2, fake.maxObservedParallelChat());
    }

    @Test
    void queuesRequestsBeyondTheCapWithoutRejecting() throws Exception {
        fake.chatLatency(Duration.ofMillis(100)).maxParallel(2, false);

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(chatAsync(user("queued " + i)));
        }

        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertEquals(200, call.get().statusCode());
        }
        assertEquals(6, fake.chatCalls());
        assertEquals(2, fake.maxObservedParallelChat());
        assertEquals(0, fake.inFlightChat());
    }

    @Test
    void servesRequestsConcurrentlyWithoutCap() throws Exception {
        fake.chatLatency(Duration.ofMillis(300));

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(chatAsync(user("parallel " + i)));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertEquals(200, call.get().statusCode());
        }

        assertEquals(8, fake.maxObservedParallelChat());
    }

    @Test
    void failNextAnswersTheStatusThenNormalAnswersResume() throws Exception {
        fake.failNext(2, 500);

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> failed = chat(false, user("x"));
            assertEquals(500, failed.statusCode());
            assertEquals("fake failure", JSON.readTree(failed.body()).path("error").asText());
        }
        assertEquals(200, chat(false, user("x")).statusCode());
        assertEquals(2, fake.failedChatCalls());
        assertEquals(1, fake.chatCalls());
        assertEquals(3, fake.requests().size());
    }

    @Test
    void garbageAndDropFaultsAreConsumedInOrder() throws Exception {
        fake.garbageNext(1).dropNext(1);

        assertEquals(FakeOllama.GARBAGE, chatContent(chat(false, system(EXTRACTION_SYSTEM), user(EXTRACTION_USER))));
        assertThrows(IOException.class, () -> chat(false, user("dropped")));
        assertTrue(chatContent(chat(false, user("fine"))).startsWith("Summary: "));
        assertEquals(1, fake.failedChatCalls());
    }

    @Test
    void closeEndsAHangingRequest() throws Exception {
        fake.hangNext(1, Duration.ofSeconds(30));
        CompletableFuture<HttpResponse<String>> hanging = chatAsync(user("hang"));
        awaitInFlight(1);

        long start = System.nanoTime();
        fake.close();

        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "close() waited for the hang");
        hanging.handle((response, error) -> null).get();
    }

    @Test
    void failEmbedNextAnswersTheStatusOnce() throws Exception {
        fake.failEmbedNext(1, 503);
        ObjectNode request = JSON.createObjectNode().put("model", "bge-m3:latest").put("input", "text");

        assertEquals(503, post("/api/embed", request).statusCode());
        assertEquals(200, post("/api/embed", request).statusCode());
        assertEquals(1, fake.embedRequests());
    }

    @Test
    void unknownModelsAndPathsAre404() throws Exception {
        ObjectNode request = chatRequest(user("hi")).put("model", "llama3:70b").put("stream", false);

        HttpResponse<String> response = post("/api/chat", request);

        assertEquals(404, response.statusCode());
        assertEquals("model \"llama3:70b\" not found, try pulling it first",
                JSON.readTree(response.body()).path("error").asText());
        assertEquals(404, post("/api/embed", JSON.createObjectNode().put("model", "nope").put("input", "x"))
                .statusCode());
        assertEquals(404, get("/api/nothing").statusCode());
        assertEquals(400, post("/api/chat", chatRequest(user("hi")).put("model", "bge-m3")).statusCode());
    }

    @Test
    void versionAndTagsDescribeTheServedModels() throws Exception {
        assertEquals("0.12.0", JSON.readTree(get("/api/version").body()).path("version").asText());

        JsonNode models = JSON.readTree(get("/api/tags").body()).path("models");

        assertEquals(2, models.size());
        assertEquals("qwen2.5:7b", models.get(0).path("name").asText());
        assertEquals("bge-m3:latest", models.get(1).path("model").asText());
        assertEquals(64, models.get(0).path("digest").asText().length());
        assertTrue(models.get(1).path("details").has("family"));
    }

    // ---- helpers ----

    private HttpResponse<String> chat(boolean stream, ObjectNode... messages) throws Exception {
        return post("/api/chat", chatRequest(messages).put("stream", stream));
    }

    private CompletableFuture<HttpResponse<String>> chatAsync(ObjectNode... messages) {
        return HTTP.sendAsync(postRequest("/api/chat", chatRequest(messages).put("stream", false)),
                HttpResponse.BodyHandlers.ofString());
    }

    private ObjectNode chatRequest(ObjectNode... messages) {
        ObjectNode request = JSON.createObjectNode().put("model", "qwen2.5:7b");
        ArrayNode list = request.putArray("messages");
        for (ObjectNode message : messages) {
            list.add(message);
        }
        return request;
    }

    private static String chatContent(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("message").path("content").asText();
    }

    private static ObjectNode system(String content) {
        return message("system", content);
    }

    private static ObjectNode user(String content) {
        return message("user", content);
    }

    private static ObjectNode message(String role, String content) {
        return JSON.createObjectNode().put("role", role).put("content", content);
    }

    private HttpResponse<String> post(String path, JsonNode body) throws Exception {
        return HTTP.send(postRequest(path, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest postRequest(String path, JsonNode body) {
        return HttpRequest.newBuilder(URI.create(fake.url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fake.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitInFlight(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (fake.inFlightChat() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(count, fake.inFlightChat());
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return dot / Math.sqrt(normA * normB);
    }
}
