package dev.librarian.intake;

/**
 * What became of one incoming document: queued for indexing, or recognised as already indexed. It names the
 * document without its text (the text is in the store): the accept keeps it while the document waits in the queue.
 *
 * @param replaced the id of the indexed (or earlier queued) version this text replaces once it is processed; null
 *                 when the name is new
 */
public record AcceptResult(Receipt document, boolean duplicate, String replaced) {

    /** The accepted document's names. */
    public record Receipt(String docId, String fileName, String trackId) {
    }

    public static AcceptResult queued(IncomingDocument document, String replaced) {
        return new AcceptResult(receipt(document), false, replaced);
    }

    public static AcceptResult duplicate(IncomingDocument document) {
        return new AcceptResult(receipt(document), true, null);
    }

    private static Receipt receipt(IncomingDocument document) {
        return new Receipt(document.docId(), document.fileName(), document.trackId());
    }
}
