package dev.librarian.mirror;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.librarian.store.SqlKvStore;
import dev.librarian.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cached question keywords and answers change only the LLM cache: that alone does not rewrite LightRAG's largest
 * file; it goes out with the next export indexing starts, or at the stop.
 */
class MirrorFollowersTest {

    @Test
    void a_change_of_the_llm_cache_alone_waits_for_the_next_indexing_change_or_the_stop(@TempDir Path dir)
            throws IOException {
        try (TestDatabase database = TestDatabase.in(dir)) {
            SqlKvStore cache = database.kv("llm_response_cache");
            SqlKvStore status = database.kv("doc_status");
            LightRagMirror mirror = new LightRagMirror(database.db(), dir,
                    List.of(new KvMirrorFile(cache, database.db()), new KvMirrorFile(status, database.db())), Set.of(cache.fileName()), true, 0, 0);
            Path cacheFile = dir.resolve(cache.fileName());

            cache.upsert("default:keywords:question-1", JsonNodeFactory.instance.objectNode().put("return", "kw 1"));
            mirror.exportIfDue();
            assertFalse(Files.exists(cacheFile), "a cached question alone does not rewrite the LLM cache file");

            status.upsert("doc-1", JsonNodeFactory.instance.objectNode().put("status", "processed"));
            mirror.exportIfDue();
            assertTrue(Files.readString(cacheFile).contains("question-1"), "written with the indexing change");
            assertTrue(Files.readString(dir.resolve(status.fileName())).contains("doc-1"));

            cache.upsert("default:keywords:question-2", JsonNodeFactory.instance.objectNode().put("return", "kw 2"));
            mirror.exportIfDue();
            assertFalse(Files.readString(cacheFile).contains("question-2"));
            mirror.export();
            assertTrue(Files.readString(cacheFile).contains("question-2"), "the stop writes what is left");
        }
    }
}
