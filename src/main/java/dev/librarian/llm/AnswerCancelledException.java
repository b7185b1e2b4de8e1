package dev.librarian.llm;

/** A streamed answer's client disconnected: its LLM call is not made, or is cut off; never retried. */
public final class AnswerCancelledException extends RuntimeException {

    public AnswerCancelledException(String message) {
        super(message);
    }
}
