package dev.librarian.pipeline;

import dev.librarian.llm.EmbedAnswer;
import dev.librarian.llm.OllamaProtocol;
import dev.librarian.metrics.LibrarianMetrics;


/** Attaches the vectors of an {@code /api/embed} answer to the batch that asked for them. */
public final class EmbeddingAnswers {

    private final OllamaProtocol protocol;
    private final int dimension;
    private final LibrarianMetrics metrics;

    public EmbeddingAnswers(OllamaProtocol protocol, int dimension) {
        this(protocol, dimension, LibrarianMetrics.unpublished());
    }

    public EmbeddingAnswers(OllamaProtocol protocol, int dimension, LibrarianMetrics metrics) {
        this.protocol = protocol;
        this.dimension = dimension;
        this.metrics = metrics;
    }

    public EmbeddingBatch attach(EmbeddingBatch batch, EmbedAnswer answer) {
        EmbeddingBatch answered = batch.withVectors(protocol.embeddings(answer, batch.inputs().size(), dimension));
        metrics.embeddingBatch(batch.inputs().size());
        return answered;
    }
}
