package dev.librarian.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.store.JsonKvStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A crash between writing a document's text and its status record leaves no stray text behind. */
class UnregisteredTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_drop_a_text_whose_status_record_was_never_written(@TempDir Path dir) throws Exception {
        JsonKvStore fullDocs = JsonKvStore.open(dir.resolve("kv_store_full_docs.json"), false);
        JsonKvStore status = JsonKvStore.open(dir.resolve("kv_store_doc_status.json"), false);
        fullDocs.upsert("doc-registered", text("kept"));
        fullDocs.upsert("doc-cut-off", text("the crash came before its status record"));
        ObjectNode rec = JSON.createObjectNode().put("status", "processed").put("content_hash", "h");
        status.upsert("doc-registered", rec);
        fullDocs.flush();
        status.flush();

        JsonKvStore reopenedDocs = JsonKvStore.open(dir.resolve("kv_store_full_docs.json"), false);
        new DocStatusRepository(JsonKvStore.open(dir.resolve("kv_store_doc_status.json"), false), reopenedDocs,
                Clock.systemUTC(), new ChunkOptions(1200, 100));

        assertTrue(reopenedDocs.contains("doc-registered"));
        assertFalse(reopenedDocs.contains("doc-cut-off"));
        String onDisk = Files.readString(dir.resolve("kv_store_full_docs.json"));
        assertFalse(onDisk.contains("doc-cut-off"), "the file no longer holds the stray text");
    }

    private static ObjectNode text(String content) {
        return JSON.createObjectNode().put("content", content).put("file_path", "a.txt");
    }
}
