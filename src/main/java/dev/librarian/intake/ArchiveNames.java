package dev.librarian.intake;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where an inbox file goes once its document is done: {@code .done/} or {@code .failed/} under its own name, or,
 * when an earlier original of that name is already there, beside it as {@code x (2).txt}, {@code x (3).txt}, …
 * (the file consumer would replace the earlier one, and with it the only copy of an earlier book).
 */
public final class ArchiveNames {

    private final Path inputDir;

    public ArchiveNames(Path inputDir) {
        this.inputDir = inputDir;
    }

    /** The path, relative to INPUT_DIR, a file named {@code fileName} moves to once indexed. */
    public String done(String fileName) {
        return free(".done", fileName);
    }

    /** The path, relative to INPUT_DIR, a file named {@code fileName} moves to when it failed. */
    public String failed(String fileName) {
        return free(".failed", fileName);
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

    /** {@code x.txt} → {@code x (2).txt}; a name without extension gets the number at its end. */
    static String numbered(String fileName, int n) {
        int dot = fileName.lastIndexOf('.');
        return dot <= 0 ? fileName + " (" + n + ")"
                : fileName.substring(0, dot) + " (" + n + ")" + fileName.substring(dot);
    }
}
