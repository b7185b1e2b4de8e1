package dev.librarian.sync;

import dev.librarian.deletion.DeletionRequest;
import dev.librarian.deletion.InputFiles;
import dev.librarian.status.DocStatusRecord;
import dev.librarian.status.DocStatusRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * In sync mode, the documents read from the library folder whose file is no longer there. Documents that came
 * over HTTP are not the folder's and are left alone; documents still pending or processing are looked at once
 * they are done. A missing INPUT_DIR (an unmounted drive) deletes nothing, and neither does an empty one or a scan
 * in which too many files vanished at once ({@link DeletionLimit}): those deletions are held ({@link DeletionHold})
 * until the files return or the user confirms them.
 */
public final class VanishedDocuments {

    private static final Logger LOG = LoggerFactory.getLogger(VanishedDocuments.class);

    private final DocStatusRepository status;
    private final InputFiles inputFiles;
    private final LibraryFileVersions versions;
    private final DeletionLimit limit;
    private final DeletionHold hold;
    private volatile boolean warnedUnavailable;

    public VanishedDocuments(DocStatusRepository status, InputFiles inputFiles, LibraryFileVersions versions,
                             DeletionLimit limit, DeletionHold hold) {
        this.status = status;
        this.inputFiles = inputFiles;
        this.versions = versions;
        this.limit = limit;
        this.hold = hold;
    }

    /** A deletion of the vanished documents (files and LLM cache kept), or null when there is none. */
    public DeletionRequest find() {
        if (!inputFiles.available()) {
            if (!warnedUnavailable) {
                LOG.warn("INPUT_DIR is not there: no document is deleted until it is back");
                warnedUnavailable = true;
            }
            return null;
        }
        warnedUnavailable = false;
        Map<String, String> vanished = new LinkedHashMap<>();
        int[] folderDocuments = {0};
        status.all().forEach((id, rec) -> {
            if (!fromFolder(rec)) {
                return;
            }
            folderDocuments[0]++;
            String file = Objects.requireNonNullElse(rec.filePath(), "");
            if (rec.isSettled() && !inputFiles.exists(file)) {
                vanished.put(id, file);
            }
        });
        List<String> ids = List.copyOf(vanished.keySet());
        List<String> delete = new ArrayList<>(hold.takeConfirmed(ids));
        List<String> unconfirmed = ids.stream().filter(id -> !delete.contains(id)).toList();
        Optional<String> refusal = limit.refusal(unconfirmed.size(), folderDocuments[0], inputFiles.empty());
        if (refusal.isPresent()) {
            hold.hold(refusal.get(), unconfirmed);
        } else {
            delete.addAll(unconfirmed);
            hold.release();
        }
        delete.forEach(id -> versions.forgetFile(vanished.get(id)));
        return delete.isEmpty() ? null : new DeletionRequest(delete, false, false);
    }

    /** {@code POST /documents/sync/confirm_deletions}: the held deletions go ahead at the next scan. */
    public Map<String, Object> confirm() {
        List<String> confirmed = hold.confirm();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", confirmed.isEmpty() ? "nothing_held" : "deletion_confirmed");
        answer.put("message", confirmed.isEmpty() ? "No deletion is held back."
                : "Deleting " + confirmed.size() + " document(s) whose files left INPUT_DIR.");
        answer.put("doc_ids", confirmed);
        return answer;
    }

    /** Read from INPUT_DIR: indexed by a scan, or rejected input (recorded with the file's name, no track). */
    private static boolean fromFolder(DocStatusRecord rec) {
        String track = Objects.requireNonNullElse(rec.trackId(), "");
        return track.startsWith("scan_") || (track.isEmpty() && rec.metadataText("source_file").isPresent());
    }
}
