package dev.librarian.pipeline;

import dev.librarian.llm.EmbedAnswer;
import dev.librarian.llm.OllamaProtocol;


/** Attaches the vectors of an {@code /api/embed} answer to the batch that asked for them. */
public final class EmbeddingAnswers {

    private final OllamaProtocol protocol;
    private final int dimension;

    public EmbeddingAnswers(OllamaProtocol protocol, int dimension) {
        this.protocol = protocol;
        this.dimension = dimension;
    }

    public EmbeddingBatch attach(EmbeddingBatch batch, EmbedAnswer answer) {
        return batch.withVectors(protocol.embeddings(answer, batch.inputs().size(), dimension));
    }
}
