package dev.librarian.pipeline;

/**
 * A text to embed and where its vector goes.
 *
 * @param store   {@code entities}, {@code relationships} or {@code chunks}
 * @param id      the vector record id
 * @param content the embedded text (LightRAG's content template)
 */
public record EmbeddingInput(String store, String id, String content) {
}
