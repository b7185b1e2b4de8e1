package dev.librarian.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Posts a library's documents over HTTP, at most {@code inFlight} unfinished at a time (so none waits in the
 * service's queue), and records for each the time from the accepting answer to the event saying it is processed,
 * with its chunk count.
 */
final class IngestGrowth {

    /**
     * One document's cost: its place in the order, size, chunks, the POST's round trip, the time from accepted to
     * processed and when it finished (seconds since the first POST); {@code error} is null unless it failed.
     */
    record DocCost(int order, String name, int chars, int chunks, double postMs, double costMs, double doneAtSeconds,
                   String error) {
        double msPerChunk() {
            return costMs / Math.max(1, chunks);
        }
    }

    /** Called after every document posted, e.g. for progress or to trim the fake's records. */
    interface Listener {
        void posted(int count);
    }

    private IngestGrowth() {
    }

    static List<DocCost> run(ServiceClient client, ProcessedWatch watch, List<LibrarySlices.Document> documents,
                             int inFlight, Listener listener) throws Exception {
        Semaphore slots = new Semaphore(inFlight);
        DocCost[] costs = new DocCost[documents.size()];
        long start = System.nanoTime();
        for (int i = 0; i < documents.size(); i++) {
            if (!slots.tryAcquire(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException("no document finished in 30 minutes; " + (i - inFlight) + " done");
            }
            LibrarySlices.Document doc = documents.get(i);
            long sent = System.nanoTime();
            JsonNode answer = client.postText(doc.text(), doc.name());
            long accepted = System.nanoTime();
            if (!"success".equals(answer.path("status").asText())) {
                throw new IllegalStateException(doc.name() + " was not accepted: " + answer);
            }
            int order = i;
            watch.finished(answer.path("doc_id").asText()).whenComplete((f, failure) -> {
                long seen = f == null ? System.nanoTime() : f.seenNanos();
                String error = failure != null ? failure.toString() : f.processed() ? null : f.error();
                costs[order] = new DocCost(order, doc.name(), doc.text().length(), f == null ? -1 : f.chunks(),
                        (accepted - sent) / 1e6, (seen - accepted) / 1e6, (seen - start) / 1e9, error);
                slots.release();
            });
            listener.posted(i + 1);
        }
        if (!slots.tryAcquire(inFlight, 30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the last documents did not finish in 30 minutes");
        }
        return List.of(costs);
    }

    /** The failed documents' lines, for the report. */
    static List<String> failures(List<DocCost> costs) {
        List<String> lines = new ArrayList<>();
        for (DocCost c : costs) {
            if (c.error() != null) {
                lines.add(String.format(Locale.ROOT, "#%d %s: %s", c.order(), c.name(), c.error()));
            }
        }
        return lines;
    }
}
