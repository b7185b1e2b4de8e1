package dev.librarian.mirror;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** One of LightRAG's working-dir files, written from the store. */
interface MirrorFile {

    /** The file's name in the working directory. */
    String name();

    /** Called by each export before it opens its read snapshot, whether or not this file is written. */
    default void beforeSnapshot() {
    }

    /** Forgets what it knows of the file on disk: the last process may have changed the store after writing it. */
    default void forget() {
    }

    /** Called after each export that wrote files, outside its snapshot. */
    default void afterExport() {
    }

    /** Writes the file (atomically, streamed) from what {@code snapshot} reads. */
    void write(Connection snapshot, Path file) throws IOException, SQLException;
}
