package dev.librarian.ollama;

/**
 * A question's Ollama call could not be made: Ollama is known to be down (503), cannot be reached (503), or
 * answered with an error (502). The HTTP answer carries {@link #httpStatus()} and the message.
 */
public class OllamaUnavailableException extends RuntimeException {

    private final int httpStatus;

    public OllamaUnavailableException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
