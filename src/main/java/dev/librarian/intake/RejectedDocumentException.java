package dev.librarian.intake;

/** Input that cannot become a document (empty, binary, malformed request); the message tells the user why. */
public class RejectedDocumentException extends RuntimeException {

    public RejectedDocumentException(String message) {
        super(message);
    }
}
