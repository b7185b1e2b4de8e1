package dev.librarian.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the library takes on disk in the working directory: the SQLite store ({@code library.db} with its journal
 * files), the vector index ({@code vectors/}) and the rest (LightRAG's mirror files), plus the PostgreSQL schema's
 * tables when the store is there.
 */
record StoreSizes(long databaseBytes, long vectorBytes, long mirrorBytes, long postgresBytes) {

    static StoreSizes of(Path workingDir, String databaseUrl) throws IOException {
        long database = 0;
        long vectors = 0;
        long mirror = 0;
        try (Stream<Path> files = Files.walk(workingDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = workingDir.relativize(file);
                long size = Files.size(file);
                if (relative.getNameCount() == 1 && relative.toString().startsWith("library.db")) {
                    database += size;
                } else if (relative.startsWith("vectors")) {
                    vectors += size;
                } else {
                    mirror += size;
                }
            }
        }
        return new StoreSizes(database, vectors, mirror, databaseUrl.isEmpty() ? 0 : BenchSchema.bytes(databaseUrl));
    }

    String line() {
        return String.format(Locale.ROOT, "library.db %.1f MiB, vectors/ %.1f MiB, mirror files %.1f MiB%s",
                databaseBytes / 1048576.0, vectorBytes / 1048576.0, mirrorBytes / 1048576.0,
                postgresBytes == 0 ? "" : String.format(Locale.ROOT, ", PostgreSQL schema %.1f MiB",
                        postgresBytes / 1048576.0));
    }

    ObjectNode json() {
        return JsonNodeFactory.instance.objectNode().put("library_db_bytes", databaseBytes)
                .put("vectors_bytes", vectorBytes).put("mirror_bytes", mirrorBytes)
                .put("postgres_schema_bytes", postgresBytes);
    }

    static List<String> mirrorFiles(Path workingDir) throws IOException {
        try (Stream<Path> files = Files.list(workingDir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("library.db")).sorted().toList();
        }
    }
}
