package dev.librarian.sync;

import java.util.Optional;

/**
 * When the documents whose files left the library are too many to delete without asking: an empty INPUT_DIR while
 * documents are indexed (an unmounted drive's mount point looks like that), or more than
 * {@code SYNC_MAX_DELETE_FRACTION} of the folder's documents gone in one scan (a renamed or half-synced folder).
 */
public record DeletionLimit(double maxFraction) {

    /**
     * Why deleting {@code vanishing} of the folder's {@code folderDocuments} documents must wait for a confirmation,
     * or empty when it may go ahead.
     */
    public Optional<String> refusal(int vanishing, int folderDocuments, boolean folderEmpty) {
        if (vanishing == 0) {
            return Optional.empty();
        }
        if (folderEmpty) {
            return Optional.of("INPUT_DIR is empty while " + folderDocuments + " of its documents are indexed"
                    + " (an unmounted drive?)");
        }
        if (vanishing > maxFraction * folderDocuments) {
            return Optional.of(vanishing + " of the library's " + folderDocuments
                    + " documents lost their files at once, more than SYNC_MAX_DELETE_FRACTION=" + maxFraction);
        }
        return Optional.empty();
    }
}
