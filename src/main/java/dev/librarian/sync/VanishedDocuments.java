package dev.librarian.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.deletion.DeletionRequest;
import dev.librarian.deletion.InputFiles;
import dev.librarian.status.DocStatus;
import dev.librarian.status.DocStatusRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * In sync mode, the documents read from the library folder whose file is no longer there. Documents that came
 * over HTTP are not the folder's and are left alone; documents still pending or processing are looked at once
 * they are done. A missing INPUT_DIR (an unmounted drive) deletes nothing.
 */
public final class VanishedDocuments {

    private static final Logger LOG = LoggerFactory.getLogger(VanishedDocuments.class);

    private final DocStatusRepository status;
    private final InputFiles inputFiles;
    private final LibraryFileVersions versions;
    private volatile boolean warnedUnavailable;

    public VanishedDocuments(DocStatusRepository status, InputFiles inputFiles, LibraryFileVersions versions) {
        this.status = status;
        this.inputFiles = inputFiles;
        this.versions = versions;
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
        List<String> vanished = new ArrayList<>();
        status.all().forEach((id, rec) -> {
            String file = rec.path("file_path").asText("");
            if (fromFolder(rec) && settled(rec) && !inputFiles.exists(file)) {
                vanished.add(id);
                versions.forgetFile(file);
            }
        });
        return vanished.isEmpty() ? null : new DeletionRequest(vanished, false, false);
    }

    /** Read from INPUT_DIR: indexed by a scan, or rejected input (recorded with the file's name, no track). */
    private static boolean fromFolder(ObjectNode rec) {
        String track = rec.path("track_id").asText("");
        return track.startsWith("scan_") || (track.isEmpty() && rec.path("metadata").hasNonNull("source_file"));
    }

    private static boolean settled(ObjectNode rec) {
        String s = rec.path("status").asText();
        return DocStatus.PROCESSED.value().equals(s) || DocStatus.FAILED.value().equals(s);
    }
}
