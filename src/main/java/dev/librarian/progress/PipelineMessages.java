package dev.librarian.progress;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** LightRAG's {@code latest_message} and {@code history_messages}: what the pipeline said lately, oldest first. */
public final class PipelineMessages {

    private final int keep;
    private final Deque<String> history = new ArrayDeque<>();

    public PipelineMessages(int keep) {
        this.keep = keep;
    }

    public synchronized void add(String message) {
        history.addLast(message);
        while (history.size() > keep) {
            history.removeFirst();
        }
    }

    public synchronized String latest() {
        return history.isEmpty() ? "" : history.peekLast();
    }

    public synchronized List<String> history() {
        return new ArrayList<>(history);
    }
}
