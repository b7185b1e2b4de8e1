package dev.librarian.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/** Receives the records of a KV store file one at a time, in file order; the record is the caller's to keep. */
@FunctionalInterface
public interface KvRecordConsumer {

    void accept(String key, ObjectNode record) throws IOException;
}
