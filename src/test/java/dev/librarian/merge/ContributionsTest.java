package dev.librarian.merge;

import dev.librarian.model.Chunk;
import dev.librarian.model.ChunkExtraction;
import dev.librarian.model.EntityRecord;
import dev.librarian.model.RelationKey;
import dev.librarian.model.RelationRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An index restored at start-up holds exactly what the same documents merged one by one left. */
class ContributionsTest {

    static final Map<String, List<ChunkExtraction>> DOCUMENTS = new LinkedHashMap<>();

    static {
        DOCUMENTS.put("doc-a", List.of(
                extraction("doc-a", 0, List.of(entity("Anna", "person", "a woman"), entity("Moscow", "city", "old")),
                        List.of(relation("Anna", "Moscow", "lives"), relation("Anna", "Anna", "self"))),
                extraction("doc-a", 1, List.of(entity("Anna", "person", "unhappy")),
                        List.of(relation("Vronsky", "Anna", "loves")))));
        DOCUMENTS.put("doc-b", List.of(
                extraction("doc-b", 0, List.of(entity("Anna", "person", "a reader"), entity("Levin", "person", "farmer")),
                        List.of(relation("Levin", "Anna", "meets"), relation("Moscow", "Anna", "home")))));
        DOCUMENTS.put("doc-c", List.of(
                extraction("doc-c", 0, List.of(entity("Kitty", "person", "young")),
                        List.of(relation("Kitty", "Levin", "marries")))));
    }

    @Test
    void restoring_gives_the_index_that_merging_one_by_one_gave() {
        Contributions merged = new Contributions();
        DOCUMENTS.forEach((doc, extractions) -> merged.commit(merged.prepare(doc, extractions)));
        Contributions restored = Contributions.restoring();
        DOCUMENTS.forEach(restored::restore);
        restored.restored();

        List<ChunkExtraction> newDoc = List.of(extraction("doc-d", 0, List.of(entity("Anna", "person", "again")),
                List.of(relation("Anna", "Kitty", "sisters-in-law"))));
        List<ChunkExtraction> docBAgain = List.of(extraction("doc-b", 0, List.of(entity("Levin", "person", "kind")),
                List.of()));
        assertSameChange(merged.prepare("doc-d", newDoc), restored.prepare("doc-d", newDoc));
        assertSameChange(merged.prepare("doc-b", docBAgain), restored.prepare("doc-b", docBAgain));
        assertSameChange(merged.prepare("doc-a", List.of()), restored.prepare("doc-a", List.of()));
    }

    @Test
    void a_document_is_restored_once() {
        Contributions restoring = Contributions.restoring();
        restoring.restore("doc-c", DOCUMENTS.get("doc-c"));
        assertThrows(IllegalStateException.class, () -> restoring.restore("doc-c", DOCUMENTS.get("doc-c")));
    }

    static void assertSameChange(Contributions.Change expected, Contributions.Change actual) {
        assertEquals(expected.touchedEntities(), actual.touchedEntities());
        assertEquals(expected.touchedRelations(), actual.touchedRelations());
        assertFalse(expected.touchedEntities().isEmpty());
        for (String name : expected.touchedEntities()) {
            assertEquals(expected.entityRecords(name), actual.entityRecords(name), name);
            assertEquals(expected.relationsOf(name), actual.relationsOf(name), name);
        }
        for (RelationKey key : expected.touchedRelations()) {
            assertEquals(expected.relationRecords(key), actual.relationRecords(key), key.joined());
        }
        assertEquals(expected.documentEntities(), actual.documentEntities());
        assertEquals(expected.documentRelations(), actual.documentRelations());
    }

    private static ChunkExtraction extraction(String doc, int index, List<EntityRecord> entities,
                                              List<RelationRecord> relations) {
        String chunkId = doc + "-chunk-" + index;
        Chunk chunk = new Chunk(chunkId, doc, index, 10, "text of " + chunkId, doc + ".txt");
        return new ChunkExtraction(chunk, withChunk(entities, chunkId, doc), withChunk(relations, chunkId, doc),
                List.of("cache-" + chunkId));
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> withChunk(List<T> records, String chunkId, String doc) {
        List<T> out = new ArrayList<>();
        for (T r : records) {
            if (r instanceof EntityRecord e) {
                out.add((T) new EntityRecord(e.name(), e.type(), e.description(), chunkId, doc + ".txt"));
            } else if (r instanceof RelationRecord x) {
                out.add((T) new RelationRecord(x.source(), x.target(), x.keywords(), x.description(), x.weight(),
                        chunkId, doc + ".txt"));
            }
        }
        return out;
    }

    private static EntityRecord entity(String name, String type, String description) {
        return new EntityRecord(name, type, description, "", "");
    }

    private static RelationRecord relation(String source, String target, String description) {
        return new RelationRecord(source, target, "kw", description, 1.0, "", "");
    }
}
