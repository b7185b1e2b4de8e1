package dev.librarian.intake;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files of INPUT_DIR the file consumer may take. A symbolic link is followed only to a file inside INPUT_DIR (a
 * link to {@code /etc/passwd} would put it in the library); a file that cannot be read, or whose name is too long to
 * get a lock file or be kept in {@code .done/}, or that cannot be opened by its name (bytes that are not UTF-8, a
 * backslash, which Camel turns into a folder separator), is left alone. A file unchanged for INBOX_STABLE_MS but
 * still open for writing where the OS tells it ({@link OpenForWriting}) waits until it is closed. Each such file is logged once with the reason
 * rather than failing on every poll.
 */
public final class InboxFileFilter implements GenericFileFilter<File> {

    /**
     * Longest name in UTF-8 bytes: room for the {@code .camelLock} marker and a {@code " (NN)"} in {@code .done/}
     * within the 255 bytes most file systems allow.
     */
    static final int MAX_NAME_BYTES = 255 - ".camelLock".length() - " (NN)".length();
    /** What the JVM reads a file name's bytes that are not UTF-8 as. */
    private static final char UNDECODABLE = '\uFFFD';
    private static final Logger LOG = LoggerFactory.getLogger(InboxFileFilter.class);

    /** How long one look at the open files serves (a look reads every process's descriptors in /proc). */
    private static final long OPEN_LOOK_NANOS = 500_000_000L;
    /** Files remembered as found closed, forgotten all at once past this many. */
    private static final int MAX_REMEMBERED = 100_000;

    private final Path inputDir;
    private final long stableMs;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    /** Per file, the version (size, modification time) last found closed: each version is looked up once. */
    private final Map<Path, String> closed = new ConcurrentHashMap<>();
    /** The last look at the files open for writing; null before the first. */
    private OpenFiles openFiles;

    private record OpenFiles(Set<Path> paths, long at) {
    }

    /**
     * @param inputDir INPUT_DIR
     * @param stableMs INBOX_STABLE_MS: a file is looked up among open files once it is unchanged this long
     */
    public InboxFileFilter(Path inputDir, long stableMs) {
        this.inputDir = inputDir.toAbsolutePath().normalize();
        this.stableMs = stableMs;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        if (file.isDirectory()) {
            return true;
        }
        Optional<String> reason = refusal(file.getFile().toPath());
        reason.ifPresent(why -> {
            String name = file.getFileNameOnly();
            if (reported.add(name + '\0' + why)) {
                LOG.warn("Inbox file {} skipped: {}", LoggedName.of(name), why);
            }
        });
        return reason.isEmpty() && !changedLately(file) && !openForWriting(file);
    }

    /**
     * A file changed less than INBOX_STABLE_MS ago is looked at again at the next poll. (Camel's read lock would
     * wait for it as well, but once past this filter it is not asked again whether the file is still open.)
     */
    private boolean changedLately(GenericFile<File> file) {
        long age = System.currentTimeMillis() - file.getFile().lastModified();
        return age >= 0 && age < stableMs;
    }

    /**
     * True while a file that has been unchanged for INBOX_STABLE_MS is still open for writing (a writer that pauses
     * longer): it is taken once the writer closes it. Said once in the log, then waited for quietly.
     */
    private boolean openForWriting(GenericFile<File> file) {
        Path path = file.getFile().toPath();
        String version = file.getFile().length() + "@" + file.getFile().lastModified();
        if (version.equals(closed.get(path))) {
            return false;
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException gone) {
            return false;
        }
        if (openFiles().contains(real)) {
            if (reported.add(file.getFileNameOnly() + "\0open")) {
                LOG.info("Inbox file {} waits: it is unchanged but still open for writing; it is taken once closed",
                        LoggedName.of(file.getFileNameOnly()));
            }
            return true;
        }
        if (closed.size() >= MAX_REMEMBERED) {
            closed.clear();
        }
        closed.put(path, version);
        return false;
    }

    private synchronized Set<Path> openFiles() {
        long now = System.nanoTime();
        if (openFiles == null || now - openFiles.at() >= OPEN_LOOK_NANOS) {
            openFiles = new OpenFiles(OpenForWriting.inside(inputDir), now);
        }
        return openFiles.paths();
    }

    private Optional<String> refusal(Path path) {
        String name = path.getFileName().toString();
        if (name.indexOf(UNDECODABLE) >= 0) {
            return Optional.of("its name is not valid UTF-8 (shown with U+FFFD), so it cannot be opened by that name;"
                    + " rename it");
        }
        if (name.indexOf('\\') >= 0) {
            return Optional.of("its name contains a backslash, which the inbox takes for a folder separator;"
                    + " rename it");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            return Optional.of("its name is " + bytes + " bytes long, more than the " + MAX_NAME_BYTES
                    + " the inbox can keep; rename it");
        }
        if (Files.isSymbolicLink(path)) {
            try {
                Path target = path.toRealPath();
                if (!target.startsWith(inputDir.toRealPath())) {
                    return Optional.of("it is a symbolic link to " + LoggedName.of(target.toString())
                            + ", outside INPUT_DIR; links are followed only inside it");
                }
            } catch (IOException e) {
                return Optional.of("it is a symbolic link that leads nowhere (" + LoggedName.of(e.getMessage()) + ")");
            }
        }
        if (!Files.isReadable(path)) {
            return Optional.of("it cannot be read (no permission)");
        }
        return Optional.empty();
    }
}
