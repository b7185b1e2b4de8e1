package dev.librarian.bench;

import dev.librarian.library.LibraryStores;
import dev.librarian.llm.LlmResponseCache;
import dev.librarian.merge.Contributions;
import dev.librarian.merge.ContributionsLoader;
import dev.librarian.merge.ExtractionRows;

import java.lang.ref.Reference;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * What a library keeps on the heap, in this JVM, on a library a {@code bench/library --work DIR} run left: the heap
 * in use after opening the stores (the in-memory graph among them) and after rebuilding the graph contributions
 * index the merges work from, as the service does at start. Both grow with the library, unlike the vectors and the
 * store, which stay on disk. Arguments: the library's {@code cache} folder and its embedding dimension (1024 for
 * {@code bench/library}'s default).
 */
public final class LibraryHeap {

    private LibraryHeap() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        long empty = usedAfterGc();
        try (LibraryStores stores = LibraryStores.open(dir, "", dim, Clock.systemUTC())) {
            long opened = usedAfterGc();
            Contributions contributions = Contributions.restoring();
            // wired as the service does; answers missing from the extraction rows come from the LLM cache by key,
            // which host and model do not change
            LlmResponseCache cache = new LlmResponseCache(stores.llmCache(), "", "");
            ContributionsLoader loader = new ContributionsLoader(contributions, stores.docStatus(),
                    stores.chunks(), cache::answerFor, new ExtractionRows(stores.chunkExtractions()),
                    stores.database());
            long start = System.nanoTime();
            loader.load();
            double seconds = (System.nanoTime() - start) / 1e9;
            long restored = usedAfterGc();
            long chunks = stores.textChunks().size();
            System.out.printf(Locale.ROOT, "%s: %,d chunks, %,d graph nodes, %,d graph edges%n", dir, chunks,
                    stores.graph().entityCount(), stores.graph().relationCount());
            System.out.printf(Locale.ROOT, "heap in use after GC: empty JVM %.1f MiB; stores open (graph included) "
                    + "%.1f MiB; contributions index %.1f MiB more (rebuilt in %.1f s)%n", mib(empty), mib(opened),
                    mib(restored - opened), seconds);
            System.out.printf(Locale.ROOT, "grows with the library: %.1f KiB per chunk%n",
                    (restored - empty) / 1024.0 / Math.max(1, chunks));
            // the index must stay reachable until it was measured
            Reference.reachabilityFence(contributions);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
