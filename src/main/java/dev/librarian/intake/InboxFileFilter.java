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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files of INPUT_DIR the file consumer may take. A symbolic link is followed only to a file inside INPUT_DIR (a
 * link to {@code /etc/passwd} would put it in the library); a file that cannot be read, or whose name is too long to
 * get a lock file or be kept in {@code .done/}, or that cannot be opened by its name (bytes that are not UTF-8, a
 * backslash, which Camel turns into a folder separator), is left alone. Each such file is logged once with the reason
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

    private final Path inputDir;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public InboxFileFilter(Path inputDir) {
        this.inputDir = inputDir.toAbsolutePath().normalize();
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
        return reason.isEmpty();
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
