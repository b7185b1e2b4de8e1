package dev.librarian.events;

import dev.librarian.status.DocStatusRecord;

/** A document's status record as it is after a change, on its way to the event clients. */
public record StatusChange(String docId, DocStatusRecord record) {
}
