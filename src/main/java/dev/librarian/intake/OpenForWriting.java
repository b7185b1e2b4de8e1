package dev.librarian.intake;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The files a process this one can see holds open for writing, where the OS tells it: Linux's {@code /proc} (each
 * process's open descriptors and their access mode). Elsewhere, or for processes hidden from this one, none, and the
 * inbox relies on a file being unchanged for {@code INBOX_STABLE_MS} alone.
 */
public final class OpenForWriting {

    private static final Path PROC = Path.of("/proc");
    /** {@code O_ACCMODE}: the access mode bits of a descriptor's flags; 1 and 2 are write-only and read-write. */
    private static final int ACCESS_MODE = 3;

    private OpenForWriting() {
    }

    /**
     * The files inside {@code dir} (real paths) that some visible process holds open with write access; empty where
     * the OS does not tell. One look at every process's descriptors: only those inside {@code dir} have their access
     * mode read.
     */
    public static Set<Path> inside(Path dir) {
        Set<Path> open = new HashSet<>();
        if (!Files.isDirectory(PROC.resolve("self/fd"))) {
            return open;
        }
        Path root;
        try {
            root = dir.toRealPath();
        } catch (IOException gone) {
            return open;
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, OpenForWriting::isProcess)) {
            for (Path process : processes) {
                collect(process, root, open);
            }
        } catch (IOException | RuntimeException e) {
            // /proc could not be listed: the OS does not tell
        }
        return open;
    }

    private static boolean isProcess(Path entry) {
        String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    private static void collect(Path process, Path root, Set<Path> open) {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : descriptors) {
                Path target = target(fd);
                if (target != null && target.startsWith(root)
                        && writable(process.resolve("fdinfo").resolve(fd.getFileName()))) {
                    open.add(target);
                }
            }
        } catch (IOException | RuntimeException hiddenOrEnded) {
            // another user's process, or one that ended meanwhile: the OS does not tell
        }
    }

    private static Path target(Path fd) {
        try {
            return Files.readSymbolicLink(fd);
        } catch (IOException | RuntimeException closed) {
            return null;
        }
    }

    private static boolean writable(Path fdinfo) {
        try {
            List<String> lines = Files.readAllLines(fdinfo);
            for (String line : lines) {
                if (line.startsWith("flags:")) {
                    int flags = Integer.parseInt(line.substring("flags:".length()).trim(), 8);
                    return (flags & ACCESS_MODE) != 0;
                }
            }
        } catch (IOException | RuntimeException closed) {
            // closed meanwhile
        }
        return false;
    }
}
