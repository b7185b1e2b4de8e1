package dev.librarian.store;

/** How many records a namespace holds and the highest insertion order among them (0 when it holds none). */
public record KvExtent(long count, long lastSeq) {
}
