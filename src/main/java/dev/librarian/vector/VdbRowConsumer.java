package dev.librarian.vector;

import java.io.IOException;

/** Receives the rows of a NanoVectorDB file one at a time, in file order; the row is the caller's to keep. */
@FunctionalInterface
public interface VdbRowConsumer {

    void accept(VectorRow row) throws IOException;
}
