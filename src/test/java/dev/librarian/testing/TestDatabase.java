package dev.librarian.testing;

import dev.librarian.store.SqlKvStore;
import dev.librarian.store.db.LibraryDatabase;

import java.nio.file.Path;
import java.time.Clock;

/** A library store of its own in a test's folder (SQLite), closed with the test. */
public final class TestDatabase implements AutoCloseable {

    private final Path dir;
    private LibraryDatabase db;

    private TestDatabase(Path dir) {
        this.dir = dir;
        this.db = LibraryDatabase.open("", dir);
    }

    public static TestDatabase in(Path dir) {
        return new TestDatabase(dir);
    }

    public LibraryDatabase db() {
        return db;
    }

    public SqlKvStore kv(String namespace) {
        return new SqlKvStore(db, namespace, Clock.systemUTC());
    }

    /** Closes the store and opens it again, as a restart would. */
    public TestDatabase reopen() {
        db.close();
        db = LibraryDatabase.open("", dir);
        return this;
    }

    @Override
    public void close() {
        db.close();
    }
}
