package dev.librarian.deletion;

import dev.librarian.intake.ArchiveNames;
import dev.librarian.intake.DocumentIntake;
import dev.librarian.intake.RejectedDocumentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The originals of documents in INPUT_DIR: in {@code .done/} or {@code .failed/} after a drop, or in INPUT_DIR
 * itself when it is the library (sync mode). Only plain names are looked up, and only inside INPUT_DIR: a name
 * with a path in it, or a folder that leads outside INPUT_DIR (a symbolic link), is never followed.
 */
public final class InputFiles {

    private static final Logger LOG = LoggerFactory.getLogger(InputFiles.class);

    private final Path inputDir;
    private final boolean library;
    private final DocumentIntake intake;

    /** @param library true when INPUT_DIR is the library (INPUT_MODE=sync): originals stay where they are */
    public InputFiles(Path inputDir, boolean library, DocumentIntake intake) {
        this.inputDir = inputDir.toAbsolutePath().normalize();
        this.library = library;
        this.intake = intake;
    }

    /** Whether the folder can be looked at now (a missing or unmounted folder must not look like deleted files). */
    public boolean available() {
        return Files.isDirectory(inputDir);
    }

    /**
     * Whether INPUT_DIR holds nothing but hidden entries ({@code .done/}, {@code .failed/}, temp files): an unmounted
     * drive's mount point, or a library whose files all went at once.
     */
    public boolean empty() {
        try (Stream<Path> entries = Files.list(inputDir)) {
            return entries.allMatch(p -> p.getFileName().toString().startsWith("."));
        } catch (IOException e) {
            LOG.warn("Cannot list INPUT_DIR {}: {}", inputDir, e.getMessage());
            return true;
        }
    }

    /** Whether a file of this name is in the library, {@code .done/} or {@code .failed/}. */
    public boolean exists(String fileName) {
        return !originals(fileName).isEmpty();
    }

    /**
     * Removes the original(s) of the version of {@code fileName} whose text has {@code contentHash}: the file of that
     * name and its archived namesakes ({@code x (2).txt}) whose content is that text. An original of another version
     * (the first {@code x.txt} when the replacement is {@code x (2).txt}) or of another document is never removed.
     * Returns the files removed.
     */
    public List<Path> delete(String fileName, String contentHash) throws IOException {
        List<Path> removed = new ArrayList<>();
        for (Path p : originalsWithNamesakes(fileName)) {
            if (holds(p, contentHash) && Files.deleteIfExists(p)) {
                removed.add(p);
            }
        }
        return removed;
    }

    private boolean holds(Path file, String contentHash) throws IOException {
        try {
            return intake.fromFile(Files.readAllBytes(file), file.getFileName().toString(), "")
                    .contentHash().equals(contentHash);
        } catch (RejectedDocumentException e) {
            return false;
        }
    }

    /** The originals of {@code fileName} and, in {@code .done/} and {@code .failed/}, its numbered namesakes. */
    private List<Path> originalsWithNamesakes(String fileName) {
        List<Path> found = originals(fileName);
        if (!plainName(fileName)) {
            return found;
        }
        for (Path folder : List.of(inputDir.resolve(".done"), inputDir.resolve(".failed"))) {
            Optional<Path> real = inside(folder);
            if (real.isEmpty()) {
                continue;
            }
            try (Stream<Path> files = Files.list(real.get())) {
                files.filter(p -> ArchiveNames.isNamesake(p.getFileName().toString(), fileName))
                        .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .forEach(found::add);
            } catch (IOException e) {
                LOG.warn("Cannot list {}: {}", folder, e.getMessage());
            }
        }
        return found;
    }

    private List<Path> originals(String fileName) {
        List<Path> found = new ArrayList<>();
        if (!plainName(fileName)) {
            return found;
        }
        List<Path> folders = library ? List.of(inputDir, inputDir.resolve(".done"), inputDir.resolve(".failed"))
                : List.of(inputDir.resolve(".done"), inputDir.resolve(".failed"));
        for (Path folder : folders) {
            inside(folder).map(f -> f.resolve(fileName))
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .ifPresent(found::add);
        }
        return found;
    }

    /** The folder's real location if it is INPUT_DIR or really lies inside it. */
    private Optional<Path> inside(Path folder) {
        try {
            if (!Files.isDirectory(folder)) {
                return Optional.empty();
            }
            Path root = inputDir.toRealPath();
            Path real = folder.toRealPath();
            if (real.startsWith(root)) {
                return Optional.of(real);
            }
            LOG.warn("{} leads outside INPUT_DIR ({}): not touched", folder, real);
        } catch (IOException e) {
            LOG.warn("Cannot look into {}: {}", folder, e.getMessage());
        }
        return Optional.empty();
    }

    private static boolean plainName(String name) {
        return name != null && !name.isBlank() && !name.equals(".") && !name.equals("..")
                && name.indexOf('/') < 0 && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
    }
}
