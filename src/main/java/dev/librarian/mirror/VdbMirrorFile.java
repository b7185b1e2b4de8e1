package dev.librarian.mirror;

import dev.librarian.store.LightRagJson;
import dev.librarian.vector.SqlVectorStore;
import dev.librarian.vector.VdbFileWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** A {@code vdb_<namespace>.json} NanoVectorDB file from its namespace's rows (read twice: data, then matrix). */
final class VdbMirrorFile implements MirrorFile {

    private final SqlVectorStore store;

    VdbMirrorFile(SqlVectorStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return store.fileName();
    }

    @Override
    public void write(Connection snapshot, Path file) throws IOException {
        VdbFileWriter.write(file, store.dimension(), () -> {
            try {
                return store.rows(snapshot);
            } catch (SQLException e) {
                throw new IOException("reading the " + store.namespace() + " vectors failed: " + e.getMessage(), e);
            }
        }, LightRagJson.mapper().createObjectNode());
    }
}
