package dev.librarian.mirror;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.store.KvFileWriter;
import dev.librarian.store.SqlKvStore;
import dev.librarian.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store that only gained records has them appended to its LightRAG file (the LLM cache holds hundreds of megabytes
 * and grows by a few records per document); an update in place or a deletion has the file written whole. Either way
 * the file is byte for byte the one a whole write gives. The appends are told apart from whole writes by a marker
 * the test puts into the file's first record: a copy keeps it, a whole write does not.
 */
class MirrorAppendTest {

    private static final String MARKER = "untouched";

    @Test
    void new_records_are_appended_and_the_file_equals_a_whole_write(@TempDir Path dir) throws IOException {
        try (TestDatabase database = TestDatabase.in(dir)) {
            SqlKvStore cache = database.kv("llm_response_cache");
            LightRagMirror mirror = exportedAndMarked(database, dir, cache);
            Path file = dir.resolve(cache.fileName());

            cache.upsert("default:extract:3", record("Левин", "three"));
            cache.upsert("default:keywords:4", record("Кити", "four \"quoted\"\n"));
            mirror.export();

            String text = Files.readString(file);
            assertTrue(text.contains(MARKER), "the records already in the file were copied, not written again");
            assertEquals(wholeWrite(cache, dir).replace(MARKER.replace('u', 'x'), MARKER), text,
                    "the appended file is the file a whole write gives");
            assertTrue(text.contains("Левин") && text.contains("Кити"));
        }
    }

    @Test
    void an_update_in_place_or_a_deletion_has_the_file_written_whole(@TempDir Path dir) throws IOException {
        try (TestDatabase database = TestDatabase.in(dir)) {
            SqlKvStore cache = database.kv("llm_response_cache");
            LightRagMirror mirror = exportedAndMarked(database, dir, cache);
            Path file = dir.resolve(cache.fileName());

            cache.upsert("default:extract:2", record("Вронский", "changed"));
            cache.upsert("default:extract:3", record("Левин", "three"));
            mirror.export();
            assertFalse(Files.readString(file).contains(MARKER), "an update in place rewrites the file");
            assertEquals(wholeWrite(cache, dir), Files.readString(file));

            markFirstRecord(file);
            cache.delete("default:extract:3");
            mirror.export();
            assertFalse(Files.readString(file).contains(MARKER), "a deletion rewrites the file");
            assertFalse(Files.readString(file).contains("Левин"));
            assertEquals(wholeWrite(cache, dir), Files.readString(file));
        }
    }

    @Test
    void appends_go_on_after_a_clean_restart_but_not_after_a_crash(@TempDir Path dir) throws IOException {
        try (TestDatabase database = TestDatabase.in(dir)) {
            SqlKvStore cache = database.kv("llm_response_cache");
            Path file = dir.resolve(cache.fileName());
            LightRagMirror first = mirrorOf(database, dir, cache);
            first.start();
            cache.upsert("default:extract:1", record("Анна", MARKER.replace('u', 'x')));
            first.stop();
            markFirstRecord(file);

            database.reopen();
            cache = database.kv("llm_response_cache");
            LightRagMirror second = mirrorOf(database, dir, cache);
            second.start();
            cache.upsert("default:extract:2", record("Вронский", "two"));
            second.export();
            assertTrue(Files.readString(file).contains(MARKER), "appended after a clean restart");
            assertEquals(wholeWrite(cache, dir).replace(MARKER.replace('u', 'x'), MARKER), Files.readString(file));

            // no stop: the next start cannot know what the process changed after its last export
            database.reopen();
            cache = database.kv("llm_response_cache");
            LightRagMirror third = mirrorOf(database, dir, cache);
            third.start();
            cache.upsert("default:extract:3", record("Левин", "three"));
            third.export();
            assertFalse(Files.readString(file).contains(MARKER), "written whole after a crash");
            assertEquals(wholeWrite(cache, dir), Files.readString(file));
        }
    }

    @Test
    void a_file_changed_by_someone_else_is_written_whole(@TempDir Path dir) throws IOException {
        try (TestDatabase database = TestDatabase.in(dir)) {
            SqlKvStore cache = database.kv("llm_response_cache");
            LightRagMirror mirror = mirrorOf(database, dir, cache);
            Path file = dir.resolve(cache.fileName());
            cache.upsert("default:extract:1", record("Анна", "one"));
            mirror.export();
            Files.writeString(file, "{\n  \"edited\": {}\n}");

            cache.upsert("default:extract:2", record("Вронский", "two"));
            mirror.export();
            assertEquals(wholeWrite(cache, dir), Files.readString(file));
        }
    }

    /** A mirror that has written two records, the first one's placeholder then turned into the marker. */
    private static LightRagMirror exportedAndMarked(TestDatabase database, Path dir, SqlKvStore cache)
            throws IOException {
        LightRagMirror mirror = mirrorOf(database, dir, cache);
        cache.upsert("default:extract:1", record("Анна", MARKER.replace('u', 'x')));
        cache.upsert("default:extract:2", record("Вронский", "two"));
        mirror.export();
        markFirstRecord(dir.resolve(cache.fileName()));
        return mirror;
    }

    private static LightRagMirror mirrorOf(TestDatabase database, Path dir, SqlKvStore cache) {
        return new LightRagMirror(database.db(), dir, List.of(new KvMirrorFile(cache, database.db())), Set.of(), true, 0, 0);
    }

    private static ObjectNode record(String entity, String answer) {
        return JsonNodeFactory.instance.objectNode().put("return", entity + ": " + answer).put("cache_type", "extract");
    }

    /** Turns the first record's placeholder into the marker in place (same length: the size still matches). */
    private static void markFirstRecord(Path file) throws IOException {
        String text = Files.readString(file);
        Files.write(file, text.replace(MARKER.replace('u', 'x'), MARKER).getBytes(StandardCharsets.UTF_8));
    }

    private static String wholeWrite(SqlKvStore store, Path dir) throws IOException {
        Path whole = dir.resolve("whole.json");
        KvFileWriter.write(whole, store.snapshot().entrySet().iterator());
        return Files.readString(whole);
    }
}
