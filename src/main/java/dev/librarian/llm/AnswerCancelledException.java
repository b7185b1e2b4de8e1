package dev.librarian.llm;

/** A streamed answer's client disconnected: its LLM call is not made, or is cut off; never retried. */
public final class AnswerCancelledException extends RuntimeException {

    public AnswerCancelledException(String message) {
        super(message);
    }

    /** The cancellation in {@code failure} or among its causes, or null. */
    public static AnswerCancelledException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AnswerCancelledException cancelled) {
                return cancelled;
            }
        }
        return null;
    }

    public static boolean isCause(Throwable failure) {
        return find(failure) != null;
    }
}
