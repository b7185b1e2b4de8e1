package dev.librarian.status;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Told about every change of a document's status record. */
@FunctionalInterface
public interface StatusListener {

    /** @param record a copy of the record as it is now */
    void changed(String docId, ObjectNode record);
}
