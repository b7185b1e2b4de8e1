package dev.librarian.mirror;

import dev.librarian.store.AtomicFiles;
import dev.librarian.store.db.LibraryDatabase;
import dev.librarian.store.db.StoreChanges;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keeps LightRAG's files in {@code WORKING_DIR} a copy of the store, so LightRAG and tools such as Gephi can open the
 * library: once the store has been quiet for {@code quietMillis} and the last export is at least
 * {@code intervalMillis} old, every file whose data changed is written again, each atomically and streamed from one
 * read snapshot (the files agree with each other). Files whose data did not change are left alone. A change of a
 * {@code follower} file alone (the LLM cache, by far the largest file, takes each question's cached keywords and
 * answer) does not start an export: it is written with the next export that indexing starts, and at the stop, so
 * questions do not rewrite hundreds of megabytes while other questions wait for the processors. Exports take at most
 * about a tenth of the time: after one that took {@code t}, the next waits at least {@code 9 t} (a library of
 * 20,000 chunks has 600 MB of vector files, ~9 s to write), so a large library's indexing, accepts and questions are
 * not run beside an export most of the time.
 */
public final class LightRagMirror extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(LightRagMirror.class);
    /**
     * {@code library_meta}: "false" while a process runs, "true" once a stop wrote everything. Still "false" at a
     * start, the last process died (SIGKILL, power cut) with changes the files never got: they are written whole.
     */
    static final String UP_TO_DATE = "mirror_up_to_date";
    /** After an export, the timer's next waits this many times as long as it took: exports take ~1/10 of the time. */
    static final int PAUSE_PER_EXPORT_TIME = 9;

    private final LibraryDatabase db;
    private final Path dir;
    private final boolean enabled;
    private final long intervalMillis;
    private final long quietMillis;
    private final Map<String, MirrorFile> files = new LinkedHashMap<>();
    private final Set<String> followers;
    private long lastExportNanos;
    /** How long the last export took (the next waits {@link #PAUSE_PER_EXPORT_TIME} times as long at least). */
    private volatile long lastExportTookNanos;

    public LightRagMirror(LibraryDatabase db, Path dir, List<MirrorFile> files, Set<String> followers, boolean enabled,
                          long intervalMillis, long quietMillis) {
        this.db = db;
        this.followers = Set.copyOf(followers);
        this.dir = dir;
        this.enabled = enabled;
        this.intervalMillis = intervalMillis;
        this.quietMillis = quietMillis;
        files.forEach(f -> this.files.put(f.name(), f));
        this.lastExportNanos = System.nanoTime() - intervalMillis * 1_000_000;
    }

    /**
     * The timer's turn: exports when a file other than a follower has changed, the store is quiet and the interval
     * has passed.
     */
    public void exportIfDue() {
        StoreChanges changes = db.changes();
        if (!enabled || followers.containsAll(changes.pendingFiles()) || changes.millisSinceLastChange() < quietMillis
                || System.nanoTime() - lastExportNanos < pauseNanos()) {
            return;
        }
        export();
    }

    /** The least time from the end of an export to the start of the next one the timer asks for. */
    private long pauseNanos() {
        return Math.max(intervalMillis * 1_000_000, PAUSE_PER_EXPORT_TIME * lastExportTookNanos);
    }

    /** Writes every file whose data changed since the last export, now (at shutdown, and for tests). */
    public synchronized void export() {
        if (!enabled) {
            return;
        }
        Set<String> changed = db.changes().take();
        if (changed.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try {
            files.values().forEach(MirrorFile::beforeSnapshot);
            db.readSnapshot(c -> {
                for (MirrorFile file : files.values()) {
                    if (changed.contains(file.name())) {
                        try {
                            file.write(c, dir.resolve(file.name()));
                        } catch (IOException e) {
                            throw new UncheckedIOException(file.name() + ": " + e.getMessage(), e);
                        }
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            // written again with the next export; the store itself is unaffected
            db.changes().restore(changed);
            LOG.warn("Could not write LightRAG's files in {}: {}", dir, e.getCause() != null ? e.getCause() : e);
            return;
        } finally {
            lastExportNanos = System.nanoTime();
            lastExportTookNanos = lastExportNanos - started;
            files.values().forEach(MirrorFile::afterExport);
        }
        LOG.debug("Wrote {} of LightRAG's files in {} ms", changed.size(), lastExportTookNanos / 1_000_000);
    }

    /**
     * Removes the temporaries of an export a crash cut short, and has every file written again when the last process
     * did not stop cleanly (what it committed after its last export is in no file).
     */
    @Override
    protected void doStart() throws IOException {
        if (!enabled) {
            return;
        }
        int orphans = AtomicFiles.deleteOrphanTempFiles(dir);
        if (orphans > 0) {
            LOG.info("Removed {} temporary files of an interrupted write of LightRAG's files in {}", orphans, dir);
        }
        if ("false".equals(db.meta(UP_TO_DATE).orElse(null))) {
            db.changes().markAll(files.keySet());
            files.values().forEach(MirrorFile::forget);
        }
        db.setMeta(UP_TO_DATE, "false");
        // a change committed after the stop's export (a thread a forced stop left running) is in no file
        db.beforeClose(() -> {
            if (db.changes().pending()) {
                db.setMeta(UP_TO_DATE, "false");
            }
        });
    }

    /**
     * What is left is written when the service stops (before the store closes: it was started after it), even on a
     * thread a forced shutdown has interrupted: an interrupted thread cannot write files through NIO channels.
     */
    @Override
    protected void doStop() {
        boolean interrupted = Thread.interrupted();
        try {
            // a large library's files take seconds to write: the stop says what it is waiting for
            int pending = enabled ? db.changes().pendingFiles().size() : 0;
            if (pending > 0) {
                LOG.info("Writing {} of LightRAG's files in {} before stopping", pending, dir);
            }
            export();
            if (enabled && !db.changes().pending()) {
                db.setMeta(UP_TO_DATE, "true");
                if (pending > 0) {
                    LOG.info("Wrote LightRAG's files in {} s",
                            String.format(Locale.ROOT, "%.1f", lastExportTookNanos / 1e9));
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
