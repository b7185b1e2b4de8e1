package dev.librarian.mirror;

import dev.librarian.store.KvExtent;
import dev.librarian.store.KvFileWriter;
import dev.librarian.store.SqlKvStore;
import dev.librarian.store.db.LibraryDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A {@code kv_store_<namespace>.json} file from its namespace's rows. When the store only gained new records since
 * the file was written (no update in place, no deletion), the new records are appended to a copy of it instead of
 * the whole file being written again: the LLM cache grows by a few records per document but holds hundreds of
 * megabytes. What the file holds is kept in the store's bookkeeping, so appends go on after a clean restart.
 */
final class KvMirrorFile implements MirrorFile {

    private static final String STATE = "mirror_kv_file:";

    private final SqlKvStore store;
    private final LibraryDatabase db;
    /** What the file holds; null when unknown (never written, or the last process did not stop cleanly). */
    private Written written;
    private boolean loaded;
    private boolean unsaved;
    /** The store's count of in-place changes read before the current export's snapshot. */
    private long inPlaceChangesBeforeSnapshot;

    /**
     * The file as written: the store's extent in that snapshot, the file's size, and the store's count of in-place
     * changes before that snapshot (0 for a file an earlier process wrote: the count starts at 0 with each process).
     */
    private record Written(KvExtent extent, long bytes, long inPlaceChanges) {

        String meta() {
            return extent.lastSeq() + " " + extent.count() + " " + bytes;
        }

        static Optional<Written> parse(String meta) {
            String[] parts = meta.split(" ");
            if (parts.length != 3) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Written(new KvExtent(Long.parseLong(parts[1]), Long.parseLong(parts[0])),
                        Long.parseLong(parts[2]), 0));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    KvMirrorFile(SqlKvStore store, LibraryDatabase db) {
        this.store = store;
        this.db = db;
    }

    @Override
    public String name() {
        return store.fileName();
    }

    @Override
    public void forget() {
        written = null;
        loaded = true;
        db.setMeta(STATE + name(), "");
    }

    @Override
    public void beforeSnapshot() {
        if (!loaded) {
            written = db.meta(STATE + name()).flatMap(Written::parse).orElse(null);
            loaded = true;
        }
        inPlaceChangesBeforeSnapshot = store.inPlaceChanges();
    }

    @Override
    public void write(Connection snapshot, Path file) throws IOException, SQLException {
        KvExtent extent = store.extent(snapshot);
        // an update or deletion committed since the last write's snapshot began counts here (read after this
        // snapshot began): only without one may the rows after the file's last one be all that is new
        boolean onlyAppended = written != null && store.inPlaceChanges() == written.inPlaceChanges()
                && written.extent().count() > 0 && extent.count() >= written.extent().count()
                && store.countThrough(snapshot, written.extent().lastSeq()) == written.extent().count();
        if (!(onlyAppended && append(snapshot, extent, file))) {
            try (var records = store.cursor(snapshot)) {
                KvFileWriter.write(file, records);
            }
        }
        written = new Written(extent, Files.size(file), inPlaceChangesBeforeSnapshot);
        unsaved = true;
    }

    @Override
    public void afterExport() {
        if (unsaved && written != null) {
            db.setMeta(STATE + name(), written.meta());
            unsaved = false;
        }
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
