package dev.librarian.bench;

import dev.librarian.testing.ServerTimingHeader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.library.LibraryStores;
import dev.librarian.query.QueryResults;
import dev.librarian.query.Retriever;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Query latency through the real service: a library of the given books (ingested against the fake Ollama, or
 * reused from {@code --work}), warm-up questions in every mode, then for every mode {@code --queries} sequential
 * {@code POST /query} requests with {@code only_need_context} over one HTTP client, distinct questions about the
 * books' characters. The fake answers at once, so the figures are the service's own time. Writes the figures with
 * the settings and the machine to a JSON file. Run it with {@code bench/query}.
 */
public final class QueryBenchmark {

    private static final double TARGET_MEDIAN_MS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final RunningLibrarian librarian;
    private final FakeOllama ollama;

    private QueryBenchmark(RunningLibrarian librarian, FakeOllama ollama) {
        this.librarian = librarian;
        this.ollama = ollama;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions opts = new BenchOptions(args);
        List<Path> books = books(Path.of(opts.text("dir", "src/test/resources/corpus")), opts.text("files", ".*\\.txt"));
        int queries = opts.integer("queries", 200);
        int warmUp = opts.integer("warm-up", 30);
        List<String> modes = List.of(opts.text("modes", "naive,local,global,hybrid,mix").split(","));
        Path work = opts.has("work") ? Path.of(opts.text("work", "")) : Files.createTempDirectory("librarian-bench");
        List<String> questions = BenchQuestions.generate(corpusText(books), warmUp + queries,
                opts.integer("seed", 7));
        Path resultFile = BenchResultFile.choose(opts, "query");

        BenchMachine machine = BenchMachine.current();
        System.out.println(machine.line());
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("benchmark", "query")
                .put("started_at", OffsetDateTime.now().toString());
        result.set("machine", machine.json());
        result.putObject("settings").put("dir", opts.text("dir", "src/test/resources/corpus"))
                .put("files", opts.text("files", ".*\\.txt")).put("books", books.size()).put("queries", queries)
                .put("warm_up", warmUp).put("modes", String.join(",", modes)).put("seed", opts.integer("seed", 7))
                .put("target_median_ms", TARGET_MEDIAN_MS);
        Path run = Files.createTempDirectory("librarian-query-bench");
        try (FakeOllama ollama = FakeOllama.start()) {
            System.out.println(BenchLibrary.prepare(work, books, ollama));
            // a copy, so that every run starts with the same library and no cached keywords
            BenchLibrary.copy(work.resolve("cache"), run.resolve("cache"));
            Files.createDirectories(run.resolve("inbox"));
            ollama.reset();
            try (RunningLibrarian librarian = RunningLibrarian.start(run.resolve("cache"), run.resolve("inbox"),
                    ollama, Map.of())) {
                System.out.println(library(librarian));
                System.out.printf(Locale.ROOT, "%d distinct questions per mode after %d warm-up ones, sequential "
                        + "POST /query with only_need_context; fake Ollama without latency, %d-dim embeddings%n%n",
                        queries, warmUp, ollama.config().embeddingDim());
                result.put("library", library(librarian));
                ArrayNode rows = result.putArray("modes");
                for (ModeFigures f : new QueryBenchmark(librarian, ollama).run(modes, questions.subList(0, warmUp),
                        questions.subList(warmUp, questions.size()))) {
                    rows.addObject().put("mode", f.mode()).put("queries", f.queries()).put("median_ms", f.medianMs())
                            .put("p95_ms", f.p95Ms()).put("max_ms", f.maxMs()).put("context_found_share", f.foundShare())
                            .put("mean_context_chars", f.meanContextChars()).put("keyword_calls", f.keywordCalls());
                }
            }
        } finally {
            BenchLibrary.delete(run);
        }
        BenchResultFile.write(resultFile, result);
        if (!opts.has("work")) {
            System.out.println("\nThe library stays in " + work + "; pass --work " + work + " to reuse it.");
        }
    }

    private List<ModeFigures> run(List<String> modes, List<String> warmUp, List<String> measured) throws Exception {
        // token counts ahead of the first question, as the pipeline does after each document
        librarian.context().getRegistry().lookupByNameAndType("retriever", Retriever.class).warmUp();
        // every mode's warm-up first, so that no mode is measured while code of a later one is still compiling
        for (String mode : modes) {
            for (String question : warmUp) {
                response(send(mode, question));
            }
        }
        System.out.println(ModeFigures.HEADER);
        List<ModeFigures> all = new ArrayList<>();
        for (String mode : modes) {
            int keywordsBefore = ollama.chatCalls(FakeOllama.Kind.KEYWORDS);
            long[] nanos = new long[measured.size()];
            long[] ownNanos = new long[measured.size()];
            double[] buildMillis = new double[measured.size()];
            int[] contextChars = new int[measured.size()];
            for (int i = 0; i < measured.size(); i++) {
                long inOllamaBefore = ollama.handlingNanos();
                long start = System.nanoTime();
                HttpResponse<String> answer = send(mode, measured.get(i));
                nanos[i] = System.nanoTime() - start;
                ownNanos[i] = nanos[i] - (ollama.handlingNanos() - inOllamaBefore);
                buildMillis[i] = ServerTimingHeader.metrics(answer).getOrDefault("context", Double.NaN);
                String response = response(answer);
                contextChars[i] = response.equals(QueryResults.NO_CONTEXT_RESPONSE) ? -1 : response.length();
            }
            ModeFigures figures = ModeFigures.of(mode, nanos, ownNanos, buildMillis, contextChars,
                    ollama.chatCalls(FakeOllama.Kind.KEYWORDS) - keywordsBefore);
            all.add(figures);
            System.out.println(figures.row());
        }
        List<String> slow = all.stream().filter(f -> f.medianMs() >= TARGET_MEDIAN_MS).map(ModeFigures::mode).toList();
        System.out.printf(Locale.ROOT, "%ntarget median < %.0f ms per mode: %s%nkeyword calls in all (warm-ups "
                        + "included): %d; answer calls: %d%n", TARGET_MEDIAN_MS,
                slow.isEmpty() ? "met" : "NOT met for " + slow, ollama.chatCalls(FakeOllama.Kind.KEYWORDS),
                ollama.chatCalls(FakeOllama.Kind.OTHER));
        return all;
    }

    /** One {@code POST /query} asking only for the context. */
    private HttpResponse<String> send(String mode, String question) throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("query", question).put("mode", mode)
                .put("only_need_context", true).toString();
        return http.send(HttpRequest.newBuilder(URI.create(librarian.url("/query")))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code response} field of a {@code POST /query} answer: the context, or the no-context answer. */
    private static String response(HttpResponse<String> answer) throws IOException {
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(answer.request().uri() + " answered " + answer.statusCode() + ": "
                    + answer.body());
        }
        return JSON.readTree(answer.body()).path("response").asText();
    }

    private static List<Path> books(Path dir, String pattern) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches(pattern)).sorted().toList();
        }
    }

    private static String corpusText(List<Path> books) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path book : books) {
            text.append(Files.readString(book, StandardCharsets.UTF_8)).append('\n');
        }
        return text.toString();
    }

    private static String library(RunningLibrarian librarian) {
        LibraryStores stores = librarian.context().getRegistry().lookupByNameAndType("stores", LibraryStores.class);
        return String.format(Locale.ROOT, "library: %,d entities, %,d relations, %,d chunks",
                stores.entitiesVdb().size(), stores.relationshipsVdb().size(), stores.chunksVdb().size());
    }
}
