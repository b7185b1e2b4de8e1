package dev.librarian.store.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Database work on the connection it is given. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
