package dev.librarian.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.chunk.TokenChunker;
import dev.librarian.library.TextChunks;
import dev.librarian.model.Chunk;
import dev.librarian.model.StoredChunk;
import dev.librarian.status.DocStatusRecord;
import dev.librarian.status.DocStatusRepository;
import dev.librarian.store.KvStore;

import java.util.List;
import java.util.Set;

/**
 * Splits a registered document into token windows, records them and moves the document to processing, in one
 * transaction.
 */
public final class ChunkStage {

    private final KvStore fullDocs;
    private final TextChunks chunkRecords;
    private final DocStatusRepository status;
    private final TokenChunker chunker;

    public ChunkStage(KvStore fullDocs, TextChunks chunkRecords, DocStatusRepository status, TokenChunker chunker) {
        this.fullDocs = fullDocs;
        this.chunkRecords = chunkRecords;
        this.status = status;
        this.chunker = chunker;
    }

    public DocumentJob chunk(String docId) {
        List<Chunk> chunks = chunksOf(docId);
        String fileName = chunks.isEmpty() ? fileNameOf(docId) : chunks.get(0).filePath();
        // chunk records of the version still in the index stay until this one's index write replaces them
        Set<String> indexed = Set.copyOf(status.record(docId).map(DocStatusRecord::indexedChunkIds)
                .orElse(List.of()));
        status.markProcessing(docId, chunks, () -> {
            for (Chunk c : chunks) {
                if (!indexed.contains(c.id())) {
                    chunkRecords.put(new StoredChunk(c, List.of()));
                }
            }
        });
        return new DocumentJob(docId, fileName, chunks);
    }

    /** The document's chunks, computed again from its text; nothing is recorded. */
    public List<Chunk> chunksOf(String docId) {
        ObjectNode doc = text(docId);
        return chunker.chunk(docId, doc.path("content").asText(), doc.path("file_path").asText());
    }

    private String fileNameOf(String docId) {
        return text(docId).path("file_path").asText();
    }

    private ObjectNode text(String docId) {
        return fullDocs.get(docId).orElseThrow(() ->
                new IllegalStateException("the text of " + docId + " is missing from the store (full_docs)"));
    }
}
