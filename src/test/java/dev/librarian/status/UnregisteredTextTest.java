package dev.librarian.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.store.SqlKvStore;
import dev.librarian.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A text without a status record (left by an interrupted LightRAG insert, imported with its working dir) is dropped at
 * start-up: nobody was told it was accepted.
 */
class UnregisteredTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_drop_a_text_whose_status_record_was_never_written(@TempDir Path dir) {
        try (TestDatabase database = TestDatabase.in(dir)) {
            SqlKvStore fullDocs = database.kv("full_docs");
            SqlKvStore status = database.kv("doc_status");
            fullDocs.upsert("doc-registered", text("kept"));
            fullDocs.upsert("doc-cut-off", text("the insert stopped before its status record"));
            status.upsert("doc-registered", JSON.createObjectNode().put("status", "processed").put("content_hash", "h"));

            new DocStatusRepository(status, fullDocs, database.db()::inTransaction, Clock.systemUTC(),
                    new ChunkOptions(1200, 100));

            SqlKvStore reopened = database.reopen().kv("full_docs");
            assertTrue(reopened.contains("doc-registered"));
            assertFalse(reopened.contains("doc-cut-off"), "the store no longer holds the stray text");
        }
    }

    private static ObjectNode text(String content) {
        return JSON.createObjectNode().put("content", content).put("file_path", "a.txt");
    }
}
