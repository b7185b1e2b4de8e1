package dev.librarian.llm;

/** Ollama answered, but not with something usable. */
public class OllamaException extends RuntimeException {

    public OllamaException(String message) {
        super(message);
    }
}
