package dev.librarian.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.model.Separators;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.FakeOllama.Kind;
import dev.librarian.testing.RunningLibrarian;
import dev.librarian.testing.StoreSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The index is a function of the documents alone: how many LLM calls or documents run at once, and the order the
 * documents arrive in, change nothing in the graph or the vector stores, even for nodes several documents share
 * and whose descriptions the LLM summarises.
 */
class DeterministicMergeTest {

    private static final int DIM = 16;
    /** Three passages of «Палата № 6» around the same people (Андрей Ефимыч, Михаил Аверьяныч, Хоботов...). */
    private static final Map<String, String> BOOKS = Map.of(
            "ward-a.txt", Corpus.excerpt(Corpus.CHEKHOV, 31000, 2500),
            "ward-b.txt", Corpus.excerpt(Corpus.CHEKHOV, 63000, 2500),
            "ward-c.txt", Corpus.excerpt(Corpus.CHEKHOV, 84000, 2500));

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(DIM));
    private RunningLibrarian librarian;

    @AfterEach
    void stop() {
        if (librarian != null) {
            librarian.close();
        }
        ollama.close();
    }

    @Test
    void should_build_the_same_graph_and_vectors_whatever_the_concurrency_and_insertion_order() throws Exception {
        Path sequential = tmp.resolve("sequential");
        index(sequential, "1", "1", List.of("ward-a.txt", "ward-b.txt", "ward-c.txt"));
        int sequentialSummaries = ollama.chatCalls(Kind.OTHER);
        ollama.reset();

        Path parallel = tmp.resolve("parallel");
        index(parallel, "4", "3", List.of("ward-c.txt", "ward-a.txt", "ward-b.txt"));
        int parallelSummaries = ollama.chatCalls(Kind.OTHER);

        StoreSnapshot one = StoreSnapshot.of(sequential, DIM);
        StoreSnapshot other = StoreSnapshot.of(parallel, DIM);
        assertTrue(sequentialSummaries > 0, "descriptions were summarised by the LLM");
        assertTrue(parallelSummaries > 0, "descriptions were summarised by the LLM in the parallel run too");
        long shared = one.nodes().values().stream().filter(n -> n.get(3).contains(Separators.GRAPH_FIELD)).count();
        assertTrue(shared >= 3, "several nodes come from more than one document: " + shared);
        assertTrue(one.nodes().values().stream().anyMatch(n -> n.get(1).startsWith("Summary: ")
                        && n.get(3).contains(Separators.GRAPH_FIELD)),
                "a node shared by documents carries an LLM summary");
        List<String> differences = one.differences(other, 10);
        assertTrue(differences.isEmpty(), "the two runs differ:\n" + String.join("\n", differences));
    }

    private void index(Path root, String maxAsyncLlm, String maxParallelInsert, List<String> order) throws Exception {
        Map<String, String> props = new HashMap<>(Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20",
                "FORCE_LLM_SUMMARY_ON_MERGE", "3", "MAX_ASYNC_LLM", maxAsyncLlm,
                "MAX_PARALLEL_INSERT", maxParallelInsert));
        librarian = RunningLibrarian.start(root, tmp.resolve("inbox-" + root.getFileName()), ollama, props);
        List<String> ids = new ArrayList<>();
        for (String name : order) {
            ids.add(json(librarian.post("/documents/text", "{\"text\": "
                    + new ObjectMapper().valueToTree(BOOKS.get(name)) + ", \"file_source\": \"" + name + "\"}"))
                    .get("doc_id").asText());
        }
        for (String id : ids) {
            assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(id, Duration.ofSeconds(60)));
        }
        librarian.close();
        librarian = null;
    }
}
