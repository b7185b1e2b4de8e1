package dev.librarian.merge;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.library.TextChunks;
import dev.librarian.model.ChunkExtraction;
import dev.librarian.model.RelationKey;
import dev.librarian.store.SqlKvStore;
import dev.librarian.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.librarian.merge.ContributionsTest.DOCUMENTS;
import static dev.librarian.merge.ContributionsTest.assertSameChange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The graph contributions come back at start-up from the stored extraction rows, without the LLM answers; a library
 * indexed before the rows existed gets them from its cached answers once.
 */
class ExtractionRowsTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void stored_rows_restore_the_index_that_merging_gave(@TempDir Path dir) {
        try (TestDatabase database = TestDatabase.in(dir)) {
            ExtractionRows rows = new ExtractionRows(database.kv(ExtractionRows.NAMESPACE));
            database.db().inTransaction(() -> DOCUMENTS.forEach(rows::write));

            Contributions merged = new Contributions();
            DOCUMENTS.forEach((doc, extractions) -> merged.commit(merged.prepare(doc, extractions)));
            Contributions restored = Contributions.restoring();
            new ExtractionRows(database.reopen().kv(ExtractionRows.NAMESPACE)).readAll()
                    .forEach(restored::restore);
            restored.restored();

            List<ChunkExtraction> docAShorter = List.of(DOCUMENTS.get("doc-a").get(0));
            assertSameChange(merged.prepare("doc-a", docAShorter), restored.prepare("doc-a", docAShorter));
            assertSameChange(merged.prepare("doc-b", List.of()), restored.prepare("doc-b", List.of()));
        }
    }

    @Test
    void a_document_indexed_again_or_deleted_keeps_no_rows_of_before(@TempDir Path dir) {
        try (TestDatabase database = TestDatabase.in(dir)) {
            ExtractionRows rows = new ExtractionRows(database.kv(ExtractionRows.NAMESPACE));
            database.db().inTransaction(() -> DOCUMENTS.forEach(rows::write));
            database.db().inTransaction(() -> rows.write("doc-a", List.of(DOCUMENTS.get("doc-a").get(0))));
            database.db().inTransaction(() -> rows.delete("doc-c"));

            Map<String, List<ChunkExtraction>> stored = rows.readAll();
            assertEquals(Set.of("doc-a", "doc-b"), stored.keySet());
            assertEquals(List.of("doc-a-chunk-0"), stored.get("doc-a").stream().map(e -> e.chunk().id()).toList());
            assertEquals(DOCUMENTS.get("doc-b").get(0).relations(), stored.get("doc-b").get(0).relations());
            assertEquals(DOCUMENTS.get("doc-b").get(0).entities(), stored.get("doc-b").get(0).entities());
        }
    }

    @Test
    void a_library_without_rows_is_read_from_its_cached_answers_once(@TempDir Path dir) {
        try (TestDatabase database = TestDatabase.in(dir)) {
            SqlKvStore status = database.kv("doc_status");
            SqlKvStore textChunks = database.kv("text_chunks");
            TextChunks chunks = new TextChunks(textChunks);
            Map<String, String> answers = new HashMap<>();
            ObjectNode processed = JSON.objectNode().put("status", "processed");
            processed.putArray("chunks_list").add("doc-old-chunk-000");
            status.upsert("doc-old", processed);
            status.upsert("doc-pending", JSON.objectNode().put("status", "pending"));
            textChunks.upsert("doc-old-chunk-000", chunk("doc-old", 0, "cache-0"));
            textChunks.upsert("doc-pending-chunk-000", chunk("doc-pending", 0, "cache-p"));
            answers.put("cache-0", """
                    entity<|#|>Anna<|#|>Person<|#|>Anna travels to Moscow.
                    entity<|#|>Moscow<|#|>Location<|#|>The old capital.
                    relation<|#|>Anna<|#|>Moscow<|#|>travel<|#|>Anna arrives in Moscow by train.
                    <|COMPLETE|>
                    """);
            answers.put("cache-p", "entity<|#|>Nobody<|#|>Person<|#|>Not indexed yet.\n<|COMPLETE|>\n");

            Contributions fromAnswers = Contributions.restoring();
            new ContributionsLoader(fromAnswers, status, chunks, k -> Optional.ofNullable(answers.get(k)),
                    new ExtractionRows(database.kv(ExtractionRows.NAMESPACE)), database.db()).load();

            Map<String, List<ChunkExtraction>> kept = new ExtractionRows(database.kv(ExtractionRows.NAMESPACE))
                    .readAll();
            assertEquals(Set.of("doc-old"), kept.keySet(), "rows of the processed document were written");
            answers.clear();
            Contributions fromRows = Contributions.restoring();
            new ContributionsLoader(fromRows, status, chunks, k -> Optional.ofNullable(answers.get(k)),
                    new ExtractionRows(database.kv(ExtractionRows.NAMESPACE)), database.db()).load();

            Contributions.Change expected = fromAnswers.prepare("doc-new", List.of());
            Contributions.Change actual = fromRows.prepare("doc-new", List.of());
            assertEquals(expected.relationRecords(RelationKey.of("Anna", "Moscow")),
                    actual.relationRecords(RelationKey.of("Anna", "Moscow")));
            assertTrue(actual.relationsOf("Anna").contains(RelationKey.of("Anna", "Moscow")),
                    "the restart without cached answers still knows the relation");
            assertEquals(List.of("Anna arrives in Moscow by train."), actual.relationRecords(
                    RelationKey.of("Anna", "Moscow")).values().stream().flatMap(List::stream)
                    .map(r -> r.description()).toList());
        }
    }

    private static ObjectNode chunk(String docId, int index, String cacheKey) {
        ObjectNode rec = JSON.objectNode();
        rec.put("tokens", 12);
        rec.put("content", "Anna travels to Moscow.");
        rec.put("chunk_order_index", index);
        rec.put("full_doc_id", docId);
        rec.put("file_path", docId + ".txt");
        rec.putArray("llm_cache_list").add(cacheKey);
        return rec;
    }
}
