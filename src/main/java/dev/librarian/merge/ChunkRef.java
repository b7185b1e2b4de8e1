package dev.librarian.merge;

import dev.librarian.model.Chunk;

/** Where a contribution came from; ordered by (document, chunk index) so merges never depend on arrival order. */
public record ChunkRef(String docId, int index, String chunkId, String filePath) implements Comparable<ChunkRef> {

    public static ChunkRef of(Chunk chunk) {
        return new ChunkRef(chunk.docId(), chunk.index(), chunk.id(), chunk.filePath());
    }

    @Override
    public int compareTo(ChunkRef o) {
        int c = docId.compareTo(o.docId);
        return c != 0 ? c : Integer.compare(index, o.index);
    }
}
