package dev.librarian.intake;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where an inbox file goes once its document is done: {@code .done/} or {@code .failed/} under its own name, or,
 * when an earlier original of that name is already there, beside it as {@code x (2).txt}, {@code x (3).txt}, …
 * (the file consumer would replace the earlier one, and with it the only copy of an earlier book).
 */
public final class ArchiveNames {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveNames.class);

    private final Path inputDir;

    public ArchiveNames(Path inputDir) {
        this.inputDir = inputDir;
    }

    /**
     * The path, relative to INPUT_DIR, a file named {@code fileName} moves to once indexed. {@code size} and
     * {@code modified} are what the inbox read: a file written again while its document was indexed is copied to
     * {@link #CHANGED} first, so the new content is read as a new version instead of going unindexed to .done/.
     */
    public String done(String fileName, long size, long modified) {
        keepIfChanged(fileName, size, modified);
        return free(".done", fileName);
    }

    /** Like {@link #done}, for a file whose document failed. */
    public String failed(String fileName, long size, long modified) {
        keepIfChanged(fileName, size, modified);
        return free(".failed", fileName);
    }

    /** Where a file of {@code .changed/} goes when its document failed. */
    public String failed(String fileName) {
        return free(".failed", fileName);
    }

    /** Folder under INPUT_DIR for files that changed while being indexed; the inbox-changed route reads it. */
    public static final String CHANGED = ".changed";

    private void keepIfChanged(String fileName, long size, long modified) {
        Path file = inputDir.resolve(fileName);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    || (Files.size(file) == size && Files.getLastModifiedTime(file).toMillis() == modified)) {
                return;
            }
            Path dir = Files.createDirectories(inputDir.resolve(CHANGED));
            // hidden while it is written: the consumer of .changed/ skips dot files
            Path part = dir.resolve("." + fileName + ".part");
            Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, dir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            LOG.info("{} was written again while it was indexed: its new content is read as a new version",
                    LoggedName.of(fileName));
        } catch (IOException e) {
            LOG.warn("{} changed while it was indexed, and its new content could not be kept for reading: {}",
                    LoggedName.of(fileName), e.getMessage());
        }
    }

    // one caller at a time: two files finishing together must not be given the same free name
    private synchronized String free(String folder, String fileName) {
        Path dir = inputDir.resolve(folder);
        String candidate = fileName;
        for (int n = 2; Files.exists(dir.resolve(candidate), LinkOption.NOFOLLOW_LINKS); n++) {
            candidate = numbered(fileName, n);
        }
        return folder + "/" + candidate;
    }

    /** Whether {@code name} is {@code fileName} archived beside an earlier original: {@code x (2).txt}, … */
    public static boolean isNamesake(String name, String fileName) {
        int dot = fileName.lastIndexOf('.');
        String stem = dot <= 0 ? fileName : fileName.substring(0, dot);
        String ext = dot <= 0 ? "" : fileName.substring(dot);
        if (!name.startsWith(stem + " (") || !name.endsWith(")" + ext)) {
            return false;
        }
        String number = name.substring(stem.length() + 2, name.length() - ext.length() - 1);
        return !number.isEmpty() && number.length() < 10 && number.chars().allMatch(Character::isDigit);
    }

    /** {@code x.txt} → {@code x (2).txt}; a name without extension gets the number at its end. */
    static String numbered(String fileName, int n) {
        int dot = fileName.lastIndexOf('.');
        return dot <= 0 ? fileName + " (" + n + ")"
                : fileName.substring(0, dot) + " (" + n + ")" + fileName.substring(dot);
    }
}
