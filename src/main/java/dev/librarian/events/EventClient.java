package dev.librarian.events;

/** One connected {@code GET /documents/events} client. */
public interface EventClient {

    /** Writes SSE text; false when the client is gone or cannot keep up (it is then dropped). */
    boolean send(String text);

    /** Ends the stream. */
    void close();
}
