package dev.librarian.model;

/**
 * One entity row the LLM extracted from one chunk.
 *
 * @param name        entity name, case kept
 * @param type        lower-case type without spaces
 * @param description what the chunk says about the entity
 * @param chunkId     the chunk it was read from
 * @param filePath    the chunk's document file name
 */
public record EntityRecord(String name, String type, String description, String chunkId, String filePath) {
}
