package dev.librarian.store;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crash-safe file replacement, the way LightRAG writes its working directory: the new content goes to a temporary
 * sibling {@code <name>.tmp.<pid>.<threadId>}, is forced to disk and then renamed over the target in one atomic step,
 * so a reader (or LightRAG itself) sees either the old or the new file, never a half-written one. A failed write
 * deletes its temporary file; temporaries orphaned by a crash are removed by {@link #deleteOrphanTempFiles(Path)}.
 */
public final class AtomicFiles {

    /** {@code <store file>.tmp.<pid>.<thread>[.<anything>]}; only siblings of .json/.graphml store files match. */
    private static final Pattern TEMP_NAME =
            Pattern.compile(".+\\.(?:json|graphml)\\.tmp\\.(\\d+)\\.\\d+(?:\\..*)?");

    private AtomicFiles() {
    }

    /** Receives an open stream; may throw {@link IOException}. */
    @FunctionalInterface
    public interface IOConsumer<T> {
        void accept(T t) throws IOException;
    }

    /**
     * Writes to a temp sibling "<name>.tmp.<pid>.<threadId>" then renames over target (ATOMIC_MOVE,
     * REPLACE_EXISTING); creates parent dirs; deletes the temp on failure.
     */
    public static void write(Path target, byte[] data) throws IOException {
        write(target, out -> out.write(data));
    }

    /**
     * Streaming variant for big files: {@code writer} gets a buffered stream onto the temp file. Closing that stream
     * (or a wrapper around it) only flushes it; this method closes and syncs the file itself.
     */
    public static void write(Path target, IOConsumer<OutputStream> writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path temp = tempSibling(absolute);
        boolean done = false;
        try {
            try (FileOutputStream file = new FileOutputStream(temp.toFile())) {
                BufferedOutputStream buffered = new BufferedOutputStream(file, 1 << 16);
                writer.accept(nonClosing(buffered));
                buffered.flush();
                // not file.getChannel().force(): a channel fails on a thread a forced shutdown has interrupted, and
                // the stop's last mirror export must still complete
                file.getFD().sync();
            }
            move(temp, absolute);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Deletes leftover "*.tmp.*" siblings of store files in dir (orphans of a crash). Returns how many. */
    public static int deleteOrphanTempFiles(Path dir) throws IOException {
        return deleteOrphanTempFiles(dir, Duration.ZERO);
    }

    /**
     * Like {@link #deleteOrphanTempFiles(Path)} but spares temporaries younger than {@code minAge} (LightRAG uses one
     * hour, so a concurrently running writer keeps its file). Temporaries of this very process are never touched.
     */
    public static int deleteOrphanTempFiles(Path dir, Duration minAge) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long ownPid = ProcessHandle.current().pid();
        Instant cutoff = Instant.now().minus(minAge);
        int deleted = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Matcher m = TEMP_NAME.matcher(entry.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(entry) || m.group(1).equals(Long.toString(ownPid))) {
                    continue;
                }
                try {
                    if (Files.getLastModifiedTime(entry).toInstant().isAfter(cutoff)) {
                        continue;
                    }
                    if (Files.deleteIfExists(entry)) {
                        deleted++;
                    }
                } catch (NoSuchFileException gone) {
                    // removed by someone else meanwhile
                }
            }
        }
        return deleted;
    }

    /** The temporary sibling this thread uses for {@code target}. */
    static Path tempSibling(Path target) {
        String name = target.getFileName() + ".tmp." + ProcessHandle.current().pid() + "." + Thread.currentThread().getId();
        return target.resolveSibling(name);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** {@code out} for a writer that may close what it is given: closing only flushes. */
    public static OutputStream nonClosing(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
