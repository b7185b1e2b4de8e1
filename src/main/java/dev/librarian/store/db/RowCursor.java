package dev.librarian.store.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** The rows of a query as an iterator, read as they are asked for; closing it closes the statement. */
public final class RowCursor<T> implements Iterator<T>, AutoCloseable {

    /** Turns the current row into a value. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final PreparedStatement statement;
    private final ResultSet rows;
    private final RowMapper<T> mapper;
    private Boolean ahead;

    public RowCursor(PreparedStatement statement, RowMapper<T> mapper) throws SQLException {
        this.statement = statement;
        this.mapper = mapper;
        statement.setFetchSize(500);
        this.rows = statement.executeQuery();
    }

    @Override
    public boolean hasNext() {
        if (ahead == null) {
            try {
                ahead = rows.next();
            } catch (SQLException e) {
                throw new StoreException("reading the library store failed: " + e.getMessage(), e);
            }
        }
        return ahead;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ahead = null;
        try {
            return mapper.map(rows);
        } catch (SQLException e) {
            throw new StoreException("reading the library store failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            statement.close();
        } catch (SQLException e) {
            // nothing left to read
        }
    }
}
