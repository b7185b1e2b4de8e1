package dev.librarian.sync;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The versions (name, size, modification time) of library files already read in sync mode, so a file that stays
 * in place is read again only once it changes. Unlike Camel's default, a version whose document failed is not
 * forgotten: it would be read and fail again on every poll. It is tried again when the file changes, at the next
 * start, or through {@code POST /documents/reprocess_failed}. Unbounded: one short key per file version.
 */
public final class LibraryFileVersions extends ServiceSupport implements IdempotentRepository {

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    @Override
    public boolean add(String key) {
        return seen.add(key);
    }

    @Override
    public boolean contains(String key) {
        return seen.contains(key);
    }

    /** Kept on purpose: see the class comment. */
    @Override
    public boolean remove(String key) {
        return false;
    }

    /**
     * Forgets every version of a file whose document was deleted because the file left the folder, so the file
     * is read again if it comes back unchanged (a move keeps its size and modification time).
     */
    public void forgetFile(String fileName) {
        String prefix = fileName + "-";
        seen.removeIf(key -> key.startsWith(prefix) && key.substring(prefix.length()).matches("\\d+-\\d+"));
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        seen.clear();
    }
}
