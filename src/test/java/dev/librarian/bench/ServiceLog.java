package dev.librarian.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The service's console log: its last lines, and its ERROR and out-of-memory lines. */
final class ServiceLog {

    private ServiceLog() {
    }

    static String of(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static List<String> errors(Path log) throws IOException {
        List<String> errors = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.contains(" ERROR ") || line.contains("OutOfMemoryError")) {
                errors.add(line);
            }
        }
        return errors;
    }
}
