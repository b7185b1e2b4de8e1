package dev.librarian.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A document's status record as it is after a change, on its way to the event clients. */
public record StatusChange(String docId, ObjectNode record) {
}
