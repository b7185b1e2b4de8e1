package dev.librarian.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashSet;

/**
 * The deletions sync mode holds back, and why, until the files return or the user confirms them with
 * {@code POST /documents/sync/confirm_deletions}. The log says so once when a hold starts or changes and once when
 * it ends; {@code GET /health} shows it while it lasts.
 */
public final class DeletionHold {

    public static final String CONFIRM = "POST /documents/sync/confirm_deletions";
    private static final Logger LOG = LoggerFactory.getLogger(DeletionHold.class);

    private String reason;
    private List<String> held = List.of();
    private final Set<String> confirmed = new LinkedHashSet<>();

    /** Holds back the deletion of {@code docIds} for {@code why}. */
    public synchronized void hold(String why, List<String> docIds) {
        if (!why.equals(reason)) {
            LOG.warn("Sync: {}: no document is deleted until the files return or {} confirms it", why, CONFIRM);
        }
        reason = why;
        held = List.copyOf(docIds);
    }

    /** Nothing is held back any more (the files returned, or the deletion went ahead). */
    public synchronized void release() {
        if (reason != null) {
            LOG.info("Sync: the held deletions are no longer needed or were confirmed; nothing is held back");
        }
        reason = null;
        held = List.of();
    }

    /** The user's go-ahead for what is held now; returns those documents (empty when nothing was held). */
    public synchronized List<String> confirm() {
        confirmed.addAll(held);
        if (!held.isEmpty()) {
            LOG.warn("Sync: deleting {} held document(s) as confirmed over HTTP", held.size());
        }
        return held;
    }

    /** Of {@code vanished}, the documents whose deletion was confirmed; each confirmation is used once. */
    public synchronized List<String> takeConfirmed(List<String> vanished) {
        List<String> taken = vanished.stream().filter(confirmed::contains).toList();
        confirmed.clear();
        return taken;
    }

    /** Adds {@code sync_deletions_held} to {@code GET /health} while deletions are held back. */
    public synchronized Map<String, Object> addToHealth(Map<String, Object> body) {
        if (reason != null) {
            Map<String, Object> block = new LinkedHashMap<>();
            block.put("reason", reason);
            block.put("documents", held.size());
            block.put("confirm_with", CONFIRM);
            body.put("sync_deletions_held", block);
        }
        return body;
    }
}
