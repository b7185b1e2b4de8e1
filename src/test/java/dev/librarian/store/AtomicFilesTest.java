package dev.librarian.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesTargetAndCreatesParents() throws Exception {
        Path target = dir.resolve("a/b/kv_store_x.json");
        AtomicFiles.write(target, "one".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(target, "two".getBytes(StandardCharsets.UTF_8));
        assertEquals("two", Files.readString(target));
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertEquals(List.of("kv_store_x.json"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aThreadInterruptedWhileWritingStillReplacesTheFile() throws Exception {
        // a forced shutdown interrupts the thread of the stop's last mirror export
        Path target = dir.resolve("kv_store_x.json");
        AtomicFiles.write(target, "old".getBytes(StandardCharsets.UTF_8));
        try {
            AtomicFiles.write(target, out -> {
                out.write("new ".getBytes(StandardCharsets.UTF_8));
                Thread.currentThread().interrupt();
                out.write("content".getBytes(StandardCharsets.UTF_8));
            });
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
        assertEquals("new content", Files.readString(target));
    }

    @Test
    void failedWriteKeepsOldFileAndLeavesNoTemp() throws Exception {
        Path target = dir.resolve("kv_store_x.json");
        AtomicFiles.write(target, "old".getBytes(StandardCharsets.UTF_8));
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("kv_store_x.json"), names());
    }

    @Test
    void deletesOnlyForeignStoreTempFiles() throws Exception {
        long ownPid = ProcessHandle.current().pid();
        Files.writeString(dir.resolve("kv_store_a.json.tmp.999999999.1"), "x");
        Files.writeString(dir.resolve("vdb_chunks.json.tmp.999999999.7.chunks"), "x");
        Files.writeString(dir.resolve("graph_chunk_entity_relation.graphml.tmp.123.4"), "x");
        Files.writeString(dir.resolve("kv_store_b.json.tmp." + ownPid + ".1"), "in progress");
        Files.writeString(dir.resolve("notes.txt.tmp.1.2"), "not ours");
        Files.writeString(dir.resolve("kv_store_a.json"), "{}");

        assertEquals(3, AtomicFiles.deleteOrphanTempFiles(dir));
        assertEquals(List.of("kv_store_a.json", "kv_store_b.json.tmp." + ownPid + ".1", "notes.txt.tmp.1.2"), names());
        assertEquals(0, AtomicFiles.deleteOrphanTempFiles(dir.resolve("missing")));
    }

    @Test
    void tempNameUsesPidAndThread() {
        Path temp = AtomicFiles.tempSibling(dir.resolve("x.json"));
        assertTrue(temp.getFileName().toString().startsWith("x.json.tmp." + ProcessHandle.current().pid() + "."));
        assertFalse(Files.exists(temp));
    }
}
