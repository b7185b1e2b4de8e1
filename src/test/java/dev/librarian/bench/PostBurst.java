package dev.librarian.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Many POSTs of JSON to one path at once, one thread and one open connection each ({@link KeepAliveConnection}):
 * {@link #open} connects them all, {@link #fire} releases them together and collects the answers with the time each
 * waited for its own (from the moment its thread ran on).
 */
final class PostBurst implements AutoCloseable {

    /** One request's answer and how long its client waited for it. */
    record Reply(KeepAliveConnection.Answer answer, double millis) {
    }

    private final ExecutorService threads;
    private final String path;
    private final CountDownLatch go = new CountDownLatch(1);
    private final List<Future<Reply>> replies = new ArrayList<>();

    private PostBurst(ExecutorService threads, String path) {
        this.threads = threads;
        this.path = path;
    }

    /** Opens one connection per body and waits until all are connected; nothing is sent yet. */
    static PostBurst open(ServiceClient client, String path, List<String> bodies) throws InterruptedException {
        PostBurst burst = new PostBurst(Executors.newFixedThreadPool(bodies.size()), path);
        CountDownLatch ready = new CountDownLatch(bodies.size());
        for (String body : bodies) {
            burst.replies.add(burst.threads.submit(() -> {
                KeepAliveConnection connection;
                try {
                    connection = new KeepAliveConnection(client.uri("/"));
                } finally {
                    ready.countDown();
                }
                try (connection) {
                    burst.go.await();
                    long start = System.nanoTime();
                    KeepAliveConnection.Answer answer = connection.postJson(path, body);
                    return new Reply(answer, (System.nanoTime() - start) / 1e6);
                }
            }));
        }
        ready.await();
        return burst;
    }

    /** Sends every request at once; the replies in the order of the bodies, each a 200 (else it throws). */
    List<Reply> fire() throws Exception {
        go.countDown();
        List<Reply> all = new ArrayList<>();
        for (Future<Reply> reply : replies) {
            Reply r = reply.get(2, TimeUnit.MINUTES);
            if (r.answer().status() != 200) {
                throw new IllegalStateException("POST " + path + " answered " + r.answer().status() + ": "
                        + r.answer().body());
            }
            all.add(r);
        }
        return all;
    }

    static List<Double> millis(List<Reply> replies) {
        List<Double> millis = new ArrayList<>();
        replies.forEach(r -> millis.add(r.millis()));
        return Collections.unmodifiableList(millis);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
