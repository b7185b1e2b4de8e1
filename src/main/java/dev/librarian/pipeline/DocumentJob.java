package dev.librarian.pipeline;

import dev.librarian.model.Chunk;

import java.util.List;

/** A document on its way through the pipeline, once it has been chunked. */
public record DocumentJob(String docId, String fileName, List<Chunk> chunks) {
}
