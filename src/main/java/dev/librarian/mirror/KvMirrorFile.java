package dev.librarian.mirror;

import dev.librarian.store.KvExtent;
import dev.librarian.store.KvFileWriter;
import dev.librarian.store.SqlKvStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A {@code kv_store_<namespace>.json} file from its namespace's rows. When the store only gained new records since
 * this process last wrote the file (no update in place, no deletion), the new records are appended to a copy of it
 * instead of the whole file being written again: the LLM cache grows by a few records per document but holds
 * hundreds of megabytes. The first export of each process writes the file whole.
 */
final class KvMirrorFile implements MirrorFile {

    private final SqlKvStore store;
    /** What this process last wrote; null before its first write. */
    private Written written;
    /** The store's count of in-place changes read before the current export's snapshot. */
    private long inPlaceChangesBeforeSnapshot;

    /** The file as written: the store's extent in that snapshot, the file's size, the in-place changes before it. */
    private record Written(KvExtent extent, long bytes, long inPlaceChanges) {
    }

    KvMirrorFile(SqlKvStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return store.fileName();
    }

    @Override
    public void beforeSnapshot() {
        inPlaceChangesBeforeSnapshot = store.inPlaceChanges();
    }

    @Override
    public void write(Connection snapshot, Path file) throws IOException, SQLException {
        KvExtent extent = store.extent(snapshot);
        // an update or deletion committed since the last write's snapshot was taken counts here (read after this
        // snapshot began): only then may the rows after the file's last one be all that is new
        boolean onlyAppended = written != null && store.inPlaceChanges() == written.inPlaceChanges()
                && written.extent().count() > 0 && extent.count() >= written.extent().count();
        if (!(onlyAppended && append(snapshot, extent, file))) {
            try (var records = store.cursor(snapshot)) {
                KvFileWriter.write(file, records);
            }
        }
        written = new Written(extent, Files.size(file), inPlaceChangesBeforeSnapshot);
    }

    private boolean append(Connection snapshot, KvExtent extent, Path file) throws IOException, SQLException {
        if (written.extent().equals(extent)) {
            return Files.size(file) == written.bytes();
        }
        try (var records = store.cursorAfter(snapshot, written.extent().lastSeq())) {
            return KvFileWriter.append(file, written.bytes(), records);
        }
    }
}
