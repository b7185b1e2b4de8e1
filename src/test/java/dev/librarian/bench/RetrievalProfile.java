package dev.librarian.bench;

import dev.librarian.library.LibraryStores;
import dev.librarian.query.Keywords;
import dev.librarian.query.QueryContext;
import dev.librarian.query.QueryRequest;
import dev.librarian.query.QuerySettings;
import dev.librarian.query.QueryVectors;
import dev.librarian.query.Retriever;
import dev.librarian.testing.FakeOllama;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Retrieval alone, in this JVM, on a library a {@code bench/library --work DIR} run left: the time of
 * {@link Retriever#retrieve} per mode without HTTP, the LLM or the embedding call, to profile the store's share of
 * a question. Arguments: the library's {@code cache} folder, the corpus folder the run was cut from, questions per
 * mode, and optionally a folder to write each context to ({@code <mode>-<n>.txt}: compare two versions with diff).
 */
public final class RetrievalProfile {

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        BenchOptions opts = new BenchOptions(new String[]{"--dir", args[1]});
        int count = Integer.parseInt(args[2]);
        Path contexts = args.length > 3 ? java.nio.file.Files.createDirectories(Path.of(args[3])) : null;
        LibraryPlan plan = LibraryPlan.from(opts);
        List<String> questions = new ArrayList<>(plan.warmUpQuestions());
        questions.addAll(plan.measuredQuestions());
        try (FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(1024));
             LibraryStores stores = LibraryStores.open(dir, "", 1024, Clock.systemUTC())) {
            // as the service runs it: a question's searches side by side on two threads
            Retriever retriever = new Retriever(stores, QuerySettings.defaults(),
                    java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
                        Thread t = new Thread(r, "search");
                        t.setDaemon(true);
                        return t;
                    }));
            for (String mode : List.of("naive", "local", "global", "hybrid", "mix")) {
                long[] nanos = new long[Math.min(count, questions.size())];
                for (int round = 0; round < 2; round++) {
                    for (int i = 0; i < nanos.length; i++) {
                        String q = questions.get(i);
                        QueryRequest request = QueryRequest.parse("{\"query\": \"" + q + "\", \"mode\": \"" + mode
                                + "\", \"only_need_context\": true}");
                        Keywords kw = keywords(q);
                        List<float[]> vectors = retriever.textsToEmbed(request, kw).stream()
                                .map(ollama::embedding).toList();
                        QueryVectors v = retriever.vectorsFrom(request, kw, vectors);
                        long start = System.nanoTime();
                        QueryContext context = retriever.retrieve(request, kw, v);
                        nanos[i] = System.nanoTime() - start;
                        if (context == null) {
                            throw new IllegalStateException();
                        }
                        if (contexts != null && round == 0) {
                            java.nio.file.Files.writeString(contexts.resolve(mode + "-" + i + ".txt"), context.context());
                        }
                    }
                }
                Arrays.sort(nanos);
                System.out.printf(Locale.ROOT, "%-7s median %.1f ms, p90 %.1f ms, max %.1f ms%n", mode,
                        nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 9 / 10] / 1e6,
                        nanos[nanos.length - 1] / 1e6);
            }
        }
        System.exit(0);
    }

    /** The fake Ollama's keyword rule: names and long words low, long lower-case words high. */
    static Keywords keywords(String q) {
        List<String> words = NON_WORD.splitAsStream(q).filter(w -> !w.isEmpty()).toList();
        List<String> low = words.stream().filter(w -> Character.isUpperCase(w.codePointAt(0)) || w.length() >= 5)
                .distinct().limit(5).toList();
        List<String> high = words.stream().filter(w -> w.length() >= 6 && !Character.isUpperCase(w.codePointAt(0)))
                .map(w -> w.toLowerCase(Locale.ROOT)).distinct().limit(5).toList();
        return new Keywords(high, low);
    }
}
