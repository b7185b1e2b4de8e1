package dev.librarian.pipeline;

import dev.librarian.model.ChunkExtraction;

import java.util.List;

/** A document whose chunks have all been extracted, ready to be merged. */
public record ExtractedDocument(DocumentJob job, List<ChunkExtraction> extractions) {

    /** Builds it from the split's grouped results, whatever order they completed in. */
    public static ExtractedDocument of(DocumentJob job, List<?> results) {
        List<ChunkExtraction> extractions = results.stream()
                .filter(ChunkExtraction.class::isInstance).map(ChunkExtraction.class::cast).toList();
        if (extractions.size() != job.chunks().size()) {
            throw new IllegalStateException(job.fileName() + ": " + extractions.size() + " of "
                    + job.chunks().size() + " chunks were extracted");
        }
        return new ExtractedDocument(job, extractions);
    }
}
