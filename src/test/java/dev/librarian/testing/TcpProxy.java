package dev.librarian.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on {@code 127.0.0.1} in front of a server (a {@link FakeOllama}), for tests about the network
 * between Librarian and Ollama. It sees each connection: when the client last sent bytes, when it closed and who
 * closed it. It can go down and come back on the same port ({@link #refuse()}, {@link #forward()}), or swallow
 * connections without ever answering ({@link #blackhole()}), like a hung Ollama.
 */
public final class TcpProxy implements AutoCloseable {

    /** What happens to a new connection. */
    public enum Mode { FORWARD, BLACKHOLE, REFUSE }

    /** Who ended a connection. */
    public enum Closer { CLIENT, SERVER, PROXY }

    /** One client connection as the proxy saw it. */
    public static final class Connection {
        private final int id;
        private final Instant openedAt = Instant.now();
        private volatile Instant lastClientBytesAt = openedAt;
        private volatile Instant closedAt;
        private volatile Closer closedBy;
        private final List<Socket> sockets = new ArrayList<>();

        private Connection(int id) {
            this.id = id;
        }

        public int id() {
            return id;
        }

        public Instant openedAt() {
            return openedAt;
        }

        /** When the client last sent something (the start of its latest request, or a part of it). */
        public Instant lastClientBytesAt() {
            return lastClientBytesAt;
        }

        public Instant closedAt() {
            return closedAt;
        }

        public Closer closedBy() {
            return closedBy;
        }

        public boolean open() {
            return closedAt == null;
        }

        /** How long the client waited after its last bytes before it closed the connection, if it did. */
        public Duration clientWaitedBeforeClosing() {
            return closedBy == Closer.CLIENT ? Duration.between(lastClientBytesAt, closedAt) : null;
        }

        private synchronized void add(Socket socket) {
            sockets.add(socket);
        }

        private void close(Closer by) {
            synchronized (this) {
                if (closedAt != null) {
                    return;
                }
                closedAt = Instant.now();
                closedBy = by;
            }
            List<Socket> all;
            synchronized (this) {
                all = List.copyOf(sockets);
            }
            for (Socket s : all) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        @Override
        public String toString() {
            return "connection " + id + " opened " + openedAt + ", client bytes " + lastClientBytesAt
                    + (closedAt == null ? ", open" : ", closed " + closedAt + " by " + closedBy);
        }
    }

    private final int targetPort;
    private final int port;
    private final ExecutorService threads;
    private final List<Connection> connections = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Mode mode = Mode.FORWARD;
    private ServerSocket listener;

    private TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        threads = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "tcp-proxy");
            t.setDaemon(true);
            return t;
        });
        listener = listen(0);
        port = listener.getLocalPort();
        accept(listener);
    }

    /** A proxy forwarding to {@code 127.0.0.1:targetPort}. */
    public static TcpProxy to(int targetPort) {
        try {
            return new TcpProxy(targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the proxy", e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Like a stopped Ollama: open connections are cut and new ones refused, until {@link #forward()}. */
    public synchronized void refuse() {
        mode = Mode.REFUSE;
        closeQuietly(listener);
        listener = null;
        connections().forEach(c -> c.close(Closer.PROXY));
    }

    /** Like a hung Ollama: new connections are accepted and read, never answered. */
    public synchronized void blackhole() {
        mode = Mode.BLACKHOLE;
        ensureListening();
    }

    /** Forwards new connections again, on the same port. */
    public synchronized void forward() {
        mode = Mode.FORWARD;
        ensureListening();
    }

    public List<Connection> connections() {
        synchronized (connections) {
            return List.copyOf(connections);
        }
    }

    public List<Connection> openConnections() {
        return connections().stream().filter(Connection::open).toList();
    }

    @Override
    public synchronized void close() {
        mode = Mode.REFUSE;
        closeQuietly(listener);
        connections().forEach(c -> c.close(Closer.PROXY));
        threads.shutdownNow();
    }

    private void ensureListening() {
        if (listener == null) {
            try {
                listener = listen(port);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on port " + port + " again", e);
            }
            accept(listener);
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        return socket;
    }

    private void accept(ServerSocket server) {
        threads.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    client.setTcpNoDelay(true);
                    serve(client);
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void serve(Socket client) {
        Connection connection = new Connection(ids.incrementAndGet());
        connection.add(client);
        synchronized (connections) {
            connections.add(connection);
        }
        if (mode == Mode.BLACKHOLE) {
            threads.execute(() -> pump(client, OutputStream.nullOutputStream(), connection, Closer.CLIENT));
            return;
        }
        threads.execute(() -> {
            Socket upstream;
            try {
                upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                upstream.setTcpNoDelay(true);
                connection.add(upstream);
            } catch (IOException e) {
                connection.close(Closer.PROXY);
                return;
            }
            threads.execute(() -> {
                try {
                    pump(upstream, client.getOutputStream(), null, Closer.SERVER);
                } catch (IOException e) {
                    // client already gone
                } finally {
                    connection.close(Closer.SERVER);
                }
            });
            try {
                pump(client, upstream.getOutputStream(), connection, Closer.CLIENT);
            } catch (IOException e) {
                connection.close(Closer.SERVER);
            }
        });
    }

    /**
     * Copies until end of stream. On the client side, the end of its stream (or a reset) means the client closed;
     * a failed write means the server side is gone.
     */
    private static void pump(Socket from, OutputStream to, Connection clientSide, Closer closer) {
        byte[] buffer = new byte[16384];
        Closer ended = closer;
        try {
            InputStream in = from.getInputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (clientSide != null) {
                    clientSide.lastClientBytesAt = Instant.now();
                }
                try {
                    to.write(buffer, 0, n);
                    to.flush();
                } catch (IOException e) {
                    ended = closer == Closer.CLIENT ? Closer.SERVER : Closer.CLIENT;
                    break;
                }
            }
        } catch (IOException e) {
            // a reset counts as the reading side going away
        }
        if (clientSide != null) {
            clientSide.close(ended);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
