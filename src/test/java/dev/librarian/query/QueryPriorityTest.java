package dev.librarian.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.intake.DocumentIds;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A question asked while a book is being indexed waits only for the LLM calls already running, not for the
 * extraction calls queued behind the throttle.
 */
class QueryPriorityTest {

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
    private RunningLibrarian librarian;

    @AfterEach
    void stop() {
        librarian.close();
        ollama.close();
    }

    @Test
    void a_questions_llm_calls_go_before_queued_extraction_calls() throws Exception {
        Path inbox = tmp.resolve("inbox");
        Files.createDirectories(inbox);
        librarian = RunningLibrarian.start(tmp.resolve("cache"), inbox, ollama,
                Map.of("MAX_ASYNC_LLM", "1", "CHUNK_SIZE", "120", "CHUNK_OVERLAP_SIZE", "10"));
        Files.writeString(inbox.resolve("first.txt"), "Иван Петрович живёт в Москве и дружит с Марией Ивановной.");
        String first = "doc-" + DocumentIds.md5Hex("first.txt");
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(first, Duration.ofSeconds(60)));
        // a first question loads the query path, so the timed one below is not slowed by class loading
        assertEquals(200, librarian.post("/query", "{\"query\": \"Кто дружит с Марией?\", \"mode\": \"local\"}")
                .statusCode());

        ollama.chatLatency(Duration.ofMillis(500));
        Files.writeString(inbox.resolve("book.txt"), Corpus.excerpt(Corpus.CHEKHOV, 0, 4000));
        RunningLibrarian.await(Duration.ofSeconds(30), () -> ollama.chatCalls(FakeOllama.Kind.EXTRACTION) >= 2,
                "extraction of the book is under way");
        int before = ollama.requests().size();

        long start = System.nanoTime();
        HttpResponse<String> answer = librarian.post("/query", "{\"query\": \"Где живёт Иван Петрович?\", \"mode\": \"local\"}");
        double seconds = (System.nanoTime() - start) / 1e9;

        assertEquals(200, answer.statusCode(), answer.body());
        List<String> after = ollama.requests().subList(before, ollama.requests().size()).stream()
                .map(QueryPriorityTest::kind).toList();
        // with one slot, at most the call taking the slot as the question arrived may go before its keyword call,
        // and at most the one started while the question was being embedded before its answer call
        int keywordsAt = after.indexOf("keywords");
        int answerAt = after.indexOf("answer");
        assertTrue(keywordsAt >= 0 && keywordsAt <= 1, "the keyword call overtakes queued extraction: " + after);
        assertTrue(answerAt > keywordsAt && answerAt - keywordsAt <= 2,
                "the answer call overtakes queued extraction: " + after);
        assertTrue(seconds < 3.0, "answered in " + seconds + " s, not after the queued extraction calls");
        String book = "doc-" + DocumentIds.md5Hex("book.txt");
        assertTrue(librarian.statusOf(book).orElseThrow() != DocStatus.PROCESSED, "the book was still being indexed");
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(book, Duration.ofSeconds(120)));
    }

    private static String kind(JsonNode request) {
        String all = request.path("messages").toString();
        if (all.contains("high_level_keywords")) {
            return "keywords";
        }
        return all.contains("<|COMPLETE|>") ? "extraction" : "answer";
    }
}
