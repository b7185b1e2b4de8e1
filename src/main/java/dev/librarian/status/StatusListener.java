package dev.librarian.status;

/** Told about every change of a document's status record. */
@FunctionalInterface
public interface StatusListener {

    /** @param record the record as it is now */
    void changed(String docId, DocStatusRecord record);
}
