package dev.librarian.api;

/** A request the API cannot serve as sent; answered with 400 and this message. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}
