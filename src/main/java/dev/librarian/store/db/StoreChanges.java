package dev.librarian.store.db;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of LightRAG's working-dir files committed transactions have changed since the mirror last took them, and
 * when the last change came (the mirror waits for a quiet moment).
 */
public final class StoreChanges {

    private final Set<String> changedFiles = new HashSet<>();
    private long lastChangeNanos = System.nanoTime();

    synchronized void committed(List<String> files) {
        if (!files.isEmpty()) {
            changedFiles.addAll(files);
            lastChangeNanos = System.nanoTime();
        }
    }

    /** The files changed since the last call, and forgets them; the caller writes them or {@link #restore}s them. */
    public synchronized Set<String> take() {
        Set<String> taken = Set.copyOf(changedFiles);
        changedFiles.clear();
        return taken;
    }

    /** Puts back files a failed export did not write. */
    public synchronized void restore(Set<String> files) {
        changedFiles.addAll(files);
    }

    /** Marks every file changed (an import, or a mirror that must be written whole). */
    public synchronized void markAll(Set<String> files) {
        changedFiles.addAll(files);
    }

    /** The files changed since the last {@link #take()}. */
    public synchronized Set<String> pendingFiles() {
        return Set.copyOf(changedFiles);
    }

    public synchronized boolean pending() {
        return !changedFiles.isEmpty();
    }

    public synchronized long millisSinceLastChange() {
        return (System.nanoTime() - lastChangeNanos) / 1_000_000;
    }
}
