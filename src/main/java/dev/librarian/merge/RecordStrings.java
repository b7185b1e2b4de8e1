package dev.librarian.merge;

import dev.librarian.model.EntityRecord;
import dev.librarian.model.RelationRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * One instance of each equal name, type, chunk id and file name among the records {@link Contributions} holds: a
 * main character's name or a chunk's id is repeated in thousands of records, and as separate copies they made up a
 * third of a big library's heap. Not thread-safe: used under the index's lock. Values of deleted documents stay (a
 * few bytes per distinct name or chunk ever seen).
 */
final class RecordStrings {

    private final Map<String, String> canonical = new HashMap<>();

    EntityRecord shared(EntityRecord e) {
        return new EntityRecord(shared(e.name()), shared(e.type()), e.description(), shared(e.chunkId()),
                shared(e.filePath()));
    }

    RelationRecord shared(RelationRecord r) {
        return new RelationRecord(shared(r.source()), shared(r.target()), r.keywords(), r.description(), r.weight(),
                shared(r.chunkId()), shared(r.filePath()));
    }

    private String shared(String value) {
        if (value == null) {
            return null;
        }
        String known = canonical.putIfAbsent(value, value);
        return known == null ? value : known;
    }
}
