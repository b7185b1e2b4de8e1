package dev.librarian.documents;

/**
 * What became of one incoming document: queued for indexing, or recognised as already indexed.
 *
 * @param replaced the id of the indexed (or earlier queued) version this text replaces once it is processed; null
 *                 when the name is new
 */
public record AcceptResult(IncomingDocument document, boolean duplicate, String replaced) {

    public static AcceptResult queued(IncomingDocument document, String replaced) {
        return new AcceptResult(document, false, replaced);
    }

    public static AcceptResult duplicate(IncomingDocument document) {
        return new AcceptResult(document, true, null);
    }
}
