package dev.librarian.pipeline;

import java.util.List;

/** Inputs sent to Ollama's {@code /api/embed} in one request; {@link #vectors} is filled by the answer. */
public record EmbeddingBatch(List<EmbeddingInput> inputs, List<float[]> vectors) {

    public static EmbeddingBatch of(List<EmbeddingInput> inputs) {
        return new EmbeddingBatch(inputs, List.of());
    }

    public List<String> texts() {
        return inputs.stream().map(EmbeddingInput::content).toList();
    }

    public EmbeddingBatch withVectors(List<float[]> vectors) {
        return new EmbeddingBatch(inputs, vectors);
    }
}
