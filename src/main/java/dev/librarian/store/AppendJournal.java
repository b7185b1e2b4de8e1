package dev.librarian.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Records written to a {@link JsonKvStore} between two full flushes, one JSON line each, so they survive a crash
 * without rewriting the whole store file after every record. {@link #replayInto} restores them at start-up;
 * {@link #flushStore} writes the store file and then drops the journal lines it now holds.
 */
public final class AppendJournal {

    private static final Logger LOG = LoggerFactory.getLogger(AppendJournal.class);

    private final Path file;
    private final Path rotated;
    private OutputStream out;

    public AppendJournal(Path file) {
        this.file = file;
        this.rotated = file.resolveSibling(file.getFileName() + ".old");
    }

    /** Puts every journalled record back into {@code store} and makes the store file hold them. */
    public synchronized void replayInto(JsonKvStore store) throws IOException {
        int replayed = replay(rotated, store) + replay(file, store);
        if (replayed > 0) {
            LOG.info("Recovered {} records of {} from {}", replayed, store.file().getFileName(), file.getFileName());
            store.flush();
        }
        Files.deleteIfExists(rotated);
        Files.deleteIfExists(file);
    }

    private static int replay(Path journal, JsonKvStore store) throws IOException {
        if (!Files.exists(journal)) {
            return 0;
        }
        int count = 0;
        try (BufferedReader in = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode entry;
                try {
                    entry = LightRagJson.mapper().readTree(line);
                } catch (IOException torn) {
                    continue; // the last line of a crashed run may be cut short
                }
                if (entry != null && entry.path("key").isTextual() && entry.get("value") instanceof ObjectNode v) {
                    store.upsert(entry.get("key").asText(), v);
                    count++;
                }
            }
        }
        return count;
    }

    /** Appends one record (already upserted into the store). */
    public synchronized void append(String key, ObjectNode value) throws IOException {
        if (out == null) {
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        ObjectNode entry = LightRagJson.mapper().createObjectNode();
        entry.put("key", key);
        entry.set("value", value);
        out.write((LightRagJson.mapper().writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Writes the store file; the journal is set aside first so records appended meanwhile start a new one, and
     * the old part is deleted once the store file holds everything it had.
     */
    public void flushStore(JsonKvStore store) throws IOException {
        synchronized (this) {
            if (out != null) {
                out.close();
                out = null;
            }
            if (Files.exists(file)) {
                if (Files.exists(rotated)) {
                    appendTo(rotated, file);
                } else {
                    Files.move(file, rotated, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
        store.flush();
        Files.deleteIfExists(rotated);
    }

    private static void appendTo(Path target, Path source) throws IOException {
        Files.write(target, Files.readAllBytes(source), StandardOpenOption.APPEND);
        Files.delete(source);
    }

    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
