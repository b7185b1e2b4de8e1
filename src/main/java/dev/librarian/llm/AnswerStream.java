package dev.librarian.llm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * An answer on its way from Ollama to an HTTP client, as NDJSON lines: the LLM call writes pieces as Ollama
 * streams them, the HTTP response reads {@link #inputStream()}, which blocks until the next line or the end.
 */
public final class AnswerStream {

    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> lines = new LinkedBlockingQueue<>();
    private final Function<String, String> pieceLine;
    private final Function<String, String> doneLine;
    private final Function<String, String> errorLine;
    private final StringBuilder text = new StringBuilder();
    /** The client left: its call is not made, or is cut off at its next piece. */
    private volatile boolean cancelled;

    /**
     * @param firstLine a line sent before any piece, or null
     * @param pieceLine the line for one piece of the answer
     * @param doneLine  the line closing the stream, from the whole answer; null for none
     * @param errorLine the line telling the client the answer failed, from the reason
     */
    public AnswerStream(String firstLine, Function<String, String> pieceLine, Function<String, String> doneLine,
                        Function<String, String> errorLine) {
        this.pieceLine = pieceLine;
        this.doneLine = doneLine;
        this.errorLine = errorLine;
        if (firstLine != null) {
            add(firstLine);
        }
    }

    public synchronized void piece(String piece) {
        if (!piece.isEmpty()) {
            text.append(piece);
            add(pieceLine.apply(piece));
        }
    }

    public synchronized void finish() {
        if (doneLine != null) {
            add(doneLine.apply(text.toString()));
        }
        lines.add(END);
    }

    public synchronized void fail(String reason) {
        add(errorLine.apply(reason == null || reason.isBlank() ? "the answer failed" : reason));
        lines.add(END);
    }

    /** The reader is gone (the client disconnected): the LLM call for this answer is cancelled. */
    public void cancel() {
        cancelled = true;
        lines.add(END);
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Stops the LLM call of a cancelled answer: before it is made, or at its next piece. */
    public void checkNotCancelled() {
        if (cancelled) {
            throw new AnswerCancelledException("the client left before its answer was complete: the call is cancelled");
        }
    }

    public synchronized String text() {
        return text.toString();
    }

    private void add(String line) {
        lines.add((line.endsWith("\n") ? line : line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The NDJSON as it arrives; ends after {@link #finish()} or {@link #fail}. */
    public InputStream inputStream() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int pos;
            private boolean ended;

            /** The HTTP response is done with it, or its client left: either way, nobody waits for more. */
            @Override
            public void close() {
                cancel();
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (pos >= current.length) {
                    if (ended) {
                        return -1;
                    }
                    try {
                        current = lines.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while waiting for the answer", e);
                    }
                    pos = 0;
                    ended = current == END;
                }
                int n = Math.min(len, current.length - pos);
                System.arraycopy(current, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }
}
