package dev.librarian.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Many POSTs of JSON to one path at once over one kept-alive connection each, all driven by one thread with a
 * selector, as load generators such as wrk do: {@link #open} connects them all, {@link #fire} writes every request
 * and collects the answers with the time each took from its request's write to its answer's last byte. A thread per
 * connection would put 200 client threads on the service's 2 cores, and an answer would wait for its thread to be
 * scheduled before its time was taken.
 */
final class PostBurst implements AutoCloseable {

    /** One request's answer and how long its client waited for it. */
    record Reply(HttpAnswer answer, double millis) {
    }

    private static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final Selector selector;
    private final String path;
    private final List<Connection> connections = new ArrayList<>();

    private PostBurst(Selector selector, String path) {
        this.selector = selector;
        this.path = path;
    }

    /** Opens one connection per body and waits until all are connected; nothing is sent yet. */
    static PostBurst open(ServiceClient client, String path, List<String> bodies) throws IOException {
        URI base = client.uri("/");
        PostBurst burst = new PostBurst(Selector.open(), path);
        try {
            for (String body : bodies) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress(base.getHost(), base.getPort()));
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                Connection connection = new Connection(channel, request(base, path, body));
                channel.register(burst.selector, 0, connection);
                burst.connections.add(connection);
            }
        } catch (IOException e) {
            burst.close();
            throw e;
        }
        return burst;
    }

    /** Sends every request at once; the replies in the order of the bodies, each a 200 (else it throws). */
    List<Reply> fire() throws IOException {
        for (Connection c : connections) {
            c.send(c.channel.keyFor(selector));
        }
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        int waiting = connections.size();
        while (waiting > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException(waiting + " of " + connections.size() + " POST " + path
                        + " had no answer after 2 minutes");
            }
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            for (SelectionKey key : selector.selectedKeys()) {
                Connection c = (Connection) key.attachment();
                if (key.isValid() && key.isWritable()) {
                    c.writeMore(key);
                }
                if (key.isValid() && key.isReadable() && c.read(key, buffer)) {
                    waiting--;
                }
            }
            selector.selectedKeys().clear();
        }
        List<Reply> all = new ArrayList<>();
        for (Connection c : connections) {
            if (c.answer.status() != 200) {
                throw new IllegalStateException("POST " + path + " answered " + c.answer.status() + ": "
                        + c.answer.body());
            }
            all.add(new Reply(c.answer, (c.answeredAt - c.sentAt) / 1e6));
        }
        return all;
    }

    static List<Double> millis(List<Reply> replies) {
        List<Double> millis = new ArrayList<>();
        replies.forEach(r -> millis.add(r.millis()));
        return Collections.unmodifiableList(millis);
    }

    private static ByteBuffer request(URI base, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
    }

    @Override
    public void close() throws IOException {
        for (Connection c : connections) {
            c.channel.close();
        }
        selector.close();
    }

    /** One connection: its request, the bytes of its answer so far, and when each was sent and completed. */
    private static final class Connection {
        private final SocketChannel channel;
        private final ByteBuffer request;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private long sentAt;
        private long answeredAt;
        private HttpAnswer answer;

        Connection(SocketChannel channel, ByteBuffer request) {
            this.channel = channel;
            this.request = request;
        }

        void send(SelectionKey key) throws IOException {
            sentAt = System.nanoTime();
            writeMore(key);
        }

        void writeMore(SelectionKey key) throws IOException {
            channel.write(request);
            key.interestOps(request.hasRemaining() ? SelectionKey.OP_WRITE | SelectionKey.OP_READ
                    : SelectionKey.OP_READ);
        }

        /** Reads what has arrived; true when that completed the answer. */
        boolean read(SelectionKey key, ByteBuffer buffer) throws IOException {
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                throw new IOException("the service closed a connection before its answer was complete");
            }
            received.write(buffer.array(), 0, n);
            Optional<HttpAnswer> complete = HttpAnswer.parse(received.toByteArray(), received.size());
            if (complete.isEmpty()) {
                return false;
            }
            answeredAt = System.nanoTime();
            answer = complete.get();
            key.interestOps(0);
            return true;
        }
    }
}
