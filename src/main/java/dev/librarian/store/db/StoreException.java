package dev.librarian.store.db;

/** The library's store could not be read or written; the message says which operation and why. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
