package dev.librarian.config;

/** Librarian cannot start; the message says why in one line, and the process exits with a non-zero code. */
public final class StartupException extends RuntimeException {

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
