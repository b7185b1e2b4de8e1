package dev.librarian.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.intake.DocumentIds;
import dev.librarian.library.LibraryStores;
import dev.librarian.llm.EmbedAnswer;
import dev.librarian.llm.OllamaProtocol;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Queries a library that the real ingestion pipeline built (two short texts about different people), reading the
 * running app's in-memory stores, with keywords and embeddings from the fake Ollama over HTTP.
 */
class PipelineLibraryQueryTest {

    @TempDir
    Path tmp;
    private FakeOllama ollama;
    private RunningLibrarian librarian;
    private QueryEngine engine;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void ingest() throws Exception {
        ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(32));
        Path inbox = tmp.resolve("inbox");
        Files.createDirectories(inbox);
        librarian = RunningLibrarian.start(tmp.resolve("cache"), inbox, ollama, Map.of());
        Files.writeString(inbox.resolve("margarethe.txt"), "Margarethe keeps bees in Lindenfeld. "
                + "Margarethe sells honey at the market of Lindenfeld on Saturdays.");
        Files.writeString(inbox.resolve("bartholomew.txt"), "Bartholomew repairs clocks in Harwick. "
                + "Bartholomew winds the tower clock of Harwick every morning.");
        for (String file : List.of("margarethe.txt", "bartholomew.txt")) {
            assertEquals(DocStatus.PROCESSED, librarian.awaitFinished("doc-" + DocumentIds.md5Hex(file),
                    Duration.ofSeconds(60)));
        }
        LibraryStores stores = librarian.context().getRegistry().lookupByNameAndType("stores", LibraryStores.class);
        OllamaProtocol protocol = new OllamaProtocol(ollama.config().chatModel(), ollama.config().embedModel(),
                Optional.empty());
        QueryEngine.Llm llm = request -> protocol.chatContent(post("/api/chat", protocol.chatBody(request), Map.class));
        QueryEngine.Embedder embedder = texts -> protocol.embeddings(
                post("/api/embed", protocol.embedBody(texts), EmbedAnswer.class), texts.size(), 32);
        engine = new QueryEngine(new Retriever(stores, QuerySettings.defaults()), new KeywordPrompt("English"),
                new AnswerPrompt(), null, llm, embedder, null);
        ollama.reset();
    }

    @SuppressWarnings("unchecked")
    private <T> T post(String path, Object body, Class<T> type) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(ollama.url() + path))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        librarian.close();
        ollama.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_local_query_for_a_name_finds_that_person_and_the_right_file() {
        Map<String, Object> data = engine.data(QueryRequest.parse("{\"query\": \"Who is Margarethe?\", \"mode\": \"local\"}"));

        assertEquals(1, ollama.chatCalls(FakeOllama.Kind.KEYWORDS), "the fake recognised the keyword prompt");
        Map<String, Object> found = (Map<String, Object>) data.get("data");
        List<Map<String, Object>> entities = (List<Map<String, Object>>) found.get("entities");
        assertEquals("Margarethe", entities.get(0).get("entity_name"), entities.toString());
        assertEquals("margarethe.txt", entities.get(0).get("file_path"));
        List<Map<String, Object>> references = (List<Map<String, Object>>) found.get("references");
        assertEquals(Map.of("reference_id", "1", "file_path", "margarethe.txt"), references.get(0));
        assertTrue(((List<?>) found.get("chunks")).size() >= 1);

        Map<String, Object> narrow = (Map<String, Object>) engine.data(QueryRequest.parse(
                "{\"query\": \"Who is Margarethe?\", \"mode\": \"local\", \"top_k\": 1}")).get("data");
        assertEquals(List.of(Map.of("reference_id", "1", "file_path", "margarethe.txt")), narrow.get("references"),
                "her entity, relations and chunks all come from her file");
    }

    @Test
    void the_other_person_leads_to_the_other_file_in_every_graph_mode() {
        for (String mode : List.of("local", "hybrid", "mix")) {
            Map<String, Object> body = engine.query(QueryRequest.parse(
                    "{\"query\": \"Who is Bartholomew?\", \"mode\": \"" + mode + "\", \"only_need_context\": true}"));
            String context = (String) body.get("response");
            assertTrue(context.contains("\"entity\": \"Bartholomew\""), mode + ": " + context);
            assertTrue(context.contains("[1] bartholomew.txt"), mode + ": " + context);
        }
        Map<String, Object> naive = engine.query(QueryRequest.parse(
                "{\"query\": \"tower clock of Harwick\", \"mode\": \"naive\", \"only_need_context\": true}"));
        assertTrue(((String) naive.get("response")).contains("[1] bartholomew.txt"), naive.toString());
    }
}
