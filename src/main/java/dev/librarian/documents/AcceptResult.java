package dev.librarian.documents;

/** What became of one incoming document: queued for indexing, or recognised as already indexed. */
public record AcceptResult(IncomingDocument document, boolean duplicate) {

    public static AcceptResult queued(IncomingDocument document) {
        return new AcceptResult(document, false);
    }

    public static AcceptResult duplicate(IncomingDocument document) {
        return new AcceptResult(document, true);
    }
}
