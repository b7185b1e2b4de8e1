package dev.librarian.pipeline;

/** A document's processing failed; its status record already says why. */
public class DocumentFailedException extends RuntimeException {

    public DocumentFailedException(String message) {
        super(message);
    }
}
