package dev.librarian.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where a benchmark writes its machine-readable result: {@code --out PATH}, or
 * {@code target/bench/<name>-<yyyyMMdd-HHmmss>.json}. Written whole (temp file, then rename).
 */
final class BenchResultFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchResultFile() {
    }

    static Path choose(BenchOptions opts, String benchmark) {
        return opts.has("out") ? Path.of(opts.text("out", "")) : Path.of("target", "bench", benchmark + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
    }

    static void write(Path file, ObjectNode result) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        Files.write(temp, JSON.writeValueAsBytes(result));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("result written to " + file);
    }
}
