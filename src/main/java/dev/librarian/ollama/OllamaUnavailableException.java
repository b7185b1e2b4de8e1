package dev.librarian.ollama;

/** A call that needs Ollama now (a question) while Ollama is known to be down: answered with HTTP 503. */
public class OllamaUnavailableException extends RuntimeException {

    public OllamaUnavailableException(String message) {
        super(message);
    }
}
