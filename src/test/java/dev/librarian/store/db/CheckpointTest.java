package dev.librarian.store.db;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SQLite's commits only append to the write-ahead log; the log reaches the database file when the store-checkpoint
 * route asks for it, not in whichever commit crossed SQLite's threshold.
 */
class CheckpointTest {

    /**
     * 1,500 rows of 2 KB, each in a commit of its own: ~5,000 pages of log, past SQLite's default automatic
     * checkpoint (1,000 pages), below the store's (10,000).
     */
    private static final int ROWS = 1500;
    private static final String VALUE = "\"" + "x".repeat(2048) + "\"";

    @TempDir
    Path dir;
    private LibraryDatabase db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void commits_leave_the_log_to_the_checkpoint_which_copies_it_into_the_database_file() throws Exception {
        db = LibraryDatabase.open("", dir);
        Path file = dir.resolve("library.db");
        long emptySize = Files.size(file);
        for (int i = 0; i < ROWS; i++) {
            String key = "k" + i;
            db.inTransaction(c -> insert(c, key));
        }
        assertEquals(emptySize, Files.size(file), "no commit copied the log into the database file");
        assertTrue(Files.size(dir.resolve("library.db-wal")) > 3_000_000, "the log holds the ~3 MB written");

        db.checkpoint();

        assertTrue(Files.size(file) > 3_000_000, "the checkpoint copied the log into the database file: "
                + Files.size(file) + " bytes");
        assertEquals(ROWS, rowsReadFromTheFileAlone(), "the database file holds every row without its log");
    }

    private static Void insert(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO kv (ns, k, v, seq) VALUES ('test', ?, ?, 0)")) {
            s.setString(1, key);
            s.setString(2, VALUE);
            s.executeUpdate();
        }
        return null;
    }

    /** Counts the rows in a copy of the database file made without its write-ahead log. */
    private long rowsReadFromTheFileAlone() throws Exception {
        Path copy = Files.copy(dir.resolve("library.db"), dir.resolve("copy.db"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM kv WHERE ns = 'test'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
