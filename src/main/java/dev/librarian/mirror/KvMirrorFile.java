package dev.librarian.mirror;

import dev.librarian.store.KvFileWriter;
import dev.librarian.store.SqlKvStore;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** A {@code kv_store_<namespace>.json} file from its namespace's rows. */
final class KvMirrorFile implements MirrorFile {

    private final SqlKvStore store;

    KvMirrorFile(SqlKvStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return store.fileName();
    }

    @Override
    public void write(Connection snapshot, Path file) throws IOException, SQLException {
        try (var records = store.cursor(snapshot)) {
            KvFileWriter.write(file, records);
        }
    }
}
