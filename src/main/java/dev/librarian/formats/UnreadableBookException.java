package dev.librarian.formats;

import dev.librarian.intake.RejectedDocumentException;

/** A book file that cannot be read: corrupt, encrypted, without a text layer, too big when unpacked. */
public final class UnreadableBookException extends RejectedDocumentException {

    public UnreadableBookException(String message) {
        super(message);
    }
}
