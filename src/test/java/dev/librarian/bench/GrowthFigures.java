package dev.librarian.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What ingesting cost as the library grew: the median time per document and per chunk of the first and the last
 * tenth of the documents and their ratio, and per tenth the documents and chunks finished per minute.
 */
final class GrowthFigures {

    static final double MAX_RATIO = 1.5;
    private static final int SLICES = 10;

    private final List<IngestGrowth.DocCost> costs;
    private final double wallSeconds;

    GrowthFigures(List<IngestGrowth.DocCost> costs, double wallSeconds) {
        this.costs = costs;
        this.wallSeconds = wallSeconds;
    }

    private List<IngestGrowth.DocCost> slice(int index) {
        int n = costs.size();
        return costs.subList(index * n / SLICES, (index + 1) * n / SLICES).stream()
                .filter(c -> c.error() == null).toList();
    }

    private static double medianCost(List<IngestGrowth.DocCost> docs) {
        return Percentiles.median(docs.stream().map(IngestGrowth.DocCost::costMs).toList());
    }

    private static double medianPerChunk(List<IngestGrowth.DocCost> docs) {
        return Percentiles.median(docs.stream().map(IngestGrowth.DocCost::msPerChunk).toList());
    }

    /**
     * One tenth of the documents: the medians of the tenth in posting order (how the cost grew with the library),
     * and the throughput of the tenth in finishing order (documents finish out of order with several in flight):
     * its documents and chunks and the seconds from the previous tenth's last finish to its own.
     */
    record Tenth(double medianMsPerDoc, double medianMsPerChunk, int docs, long chunks, double seconds) {
    }

    List<Tenth> tenths() {
        List<IngestGrowth.DocCost> byFinish = costs.stream().filter(c -> c.error() == null)
                .sorted(Comparator.comparingDouble(IngestGrowth.DocCost::doneAtSeconds)).toList();
        List<Tenth> tenths = new ArrayList<>();
        double before = 0;
        for (int i = 0; i < SLICES; i++) {
            List<IngestGrowth.DocCost> posted = slice(i);
            List<IngestGrowth.DocCost> finished = byFinish.subList(i * byFinish.size() / SLICES,
                    (i + 1) * byFinish.size() / SLICES);
            double end = finished.isEmpty() ? before : finished.get(finished.size() - 1).doneAtSeconds();
            tenths.add(new Tenth(medianCost(posted), medianPerChunk(posted), finished.size(),
                    finished.stream().mapToLong(IngestGrowth.DocCost::chunks).sum(), Math.max(1e-3, end - before)));
            before = end;
        }
        return tenths;
    }

    double docRatio() {
        return medianCost(slice(SLICES - 1)) / medianCost(slice(0));
    }

    double chunkRatio() {
        return medianPerChunk(slice(SLICES - 1)) / medianPerChunk(slice(0));
    }

    boolean holds() {
        return docRatio() <= MAX_RATIO && chunkRatio() <= MAX_RATIO;
    }

    void print(PrintStream out) {
        long chunks = costs.stream().mapToLong(IngestGrowth.DocCost::chunks).sum();
        out.printf(Locale.ROOT, "ingest: %d documents, %,d chunks in %.1f s = %.1f docs/min, %.0f chunks/min%n",
                costs.size(), chunks, wallSeconds, costs.size() * 60 / wallSeconds, chunks * 60 / wallSeconds);
        out.println("       posting order:                  finishing order:");
        out.println("tenth  median ms/doc  median ms/chunk  docs  chunks  seconds  docs/min  chunks/min");
        List<Tenth> tenths = tenths();
        for (int i = 0; i < tenths.size(); i++) {
            Tenth t = tenths.get(i);
            out.printf(Locale.ROOT, "%4d %14.1f %16.2f %5d %7d %8.1f %9.1f %11.0f%n", i + 1, t.medianMsPerDoc(),
                    t.medianMsPerChunk(), t.docs(), t.chunks(), t.seconds(), t.docs() * 60 / t.seconds(),
                    t.chunks() * 60 / t.seconds());
        }
        out.printf(Locale.ROOT, "last/first tenth: per document %.2f, per chunk %.2f (acceptance <= %.1f: %s)%n",
                docRatio(), chunkRatio(), MAX_RATIO, holds() ? "holds" : "MISSED");
    }

    ObjectNode json() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("documents", costs.size())
                .put("chunks", costs.stream().mapToLong(IngestGrowth.DocCost::chunks).sum())
                .put("failed", costs.stream().filter(c -> c.error() != null).count())
                .put("wall_seconds", wallSeconds).put("docs_per_minute", costs.size() * 60 / wallSeconds);
        json.putObject("first_tenth").put("median_ms_per_doc", medianCost(slice(0)))
                .put("median_ms_per_chunk", medianPerChunk(slice(0)));
        json.putObject("last_tenth").put("median_ms_per_doc", medianCost(slice(SLICES - 1)))
                .put("median_ms_per_chunk", medianPerChunk(slice(SLICES - 1)));
        json.put("ratio_per_doc", docRatio()).put("ratio_per_chunk", chunkRatio()).put("max_ratio", MAX_RATIO)
                .put("holds", holds());
        ArrayNode tenths = json.putArray("tenths");
        for (Tenth t : tenths()) {
            tenths.addObject().put("finished_docs", t.docs()).put("finished_chunks", t.chunks())
                    .put("seconds", t.seconds())
                    .put("docs_per_minute", t.docs() * 60 / t.seconds())
                    .put("chunks_per_minute", t.chunks() * 60 / t.seconds())
                    .put("median_ms_per_doc", t.medianMsPerDoc()).put("median_ms_per_chunk", t.medianMsPerChunk());
        }
        ArrayNode perDoc = json.putArray("per_document");
        for (IngestGrowth.DocCost c : costs) {
            ObjectNode d = perDoc.addObject().put("order", c.order()).put("name", c.name()).put("chars", c.chars())
                    .put("chunks", c.chunks()).put("post_ms", c.postMs()).put("cost_ms", c.costMs())
                    .put("done_at_s", c.doneAtSeconds());
            if (c.error() != null) {
                d.put("error", c.error());
            }
        }
        return json;
    }
}
