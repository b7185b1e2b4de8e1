package dev.librarian.store.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One process per library: an OS lock on {@code WORKING_DIR/library.lock} (released by the OS when the process dies,
 * however it dies) and, on PostgreSQL, a session advisory lock on the database held by a connection of its own.
 * A second process gets a {@link StoreException} saying who holds the library.
 */
final class InstanceLock {

    private final FileChannel channel;
    private final FileLock fileLock;
    private final Connection advisory;

    private InstanceLock(FileChannel channel, FileLock fileLock, Connection advisory) {
        this.channel = channel;
        this.fileLock = fileLock;
        this.advisory = advisory;
    }

    static InstanceLock claim(SqlDialect dialect, String jdbcUrl, Path workingDir) throws IOException, SQLException {
        Path lockFile = workingDir.resolve("library.lock").toAbsolutePath();
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        FileLock fileLock;
        try {
            fileLock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            fileLock = null;
        }
        if (fileLock == null) {
            String holder = holder(channel);
            channel.close();
            throw new StoreException("the library in " + workingDir + " is already open in another process"
                    + holder + "; stop it first, or give this one another WORKING_DIR");
        }
        channel.truncate(0);
        channel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
        channel.force(false);
        Connection advisory = null;
        if (dialect == SqlDialect.POSTGRESQL) {
            advisory = advisoryLock(jdbcUrl);
            if (advisory == null) {
                fileLock.release();
                channel.close();
                throw new StoreException("the library database " + jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***")
                        + " is already used by another Librarian process; stop it first");
            }
        }
        return new InstanceLock(channel, fileLock, advisory);
    }

    private static String holder(FileChannel channel) {
        try {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
            return pid.matches("\\d+") ? " (process " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** A connection holding the advisory lock of the store's schema, or null when another session holds it. */
    private static Connection advisoryLock(String jdbcUrl) throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl);
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            String schema = PostgresUrl.currentSchema(jdbcUrl);
            s.setLong(1, ("librarian:" + (schema == null ? "public" : schema)).hashCode());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    return c;
                }
            }
        }
        c.close();
        return null;
    }

    void release() {
        try {
            if (advisory != null) {
                advisory.close();
            }
        } catch (SQLException e) {
            // the session's end releases the advisory lock anyway
        }
        try {
            fileLock.release();
            channel.close();
        } catch (IOException e) {
            // the process's end releases the lock anyway
        }
    }
}
