package dev.librarian.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import dev.librarian.testing.StoreFilesReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Another program opening {@code cache/} while Librarian indexes (LightRAG, a backup, a curious user) always finds
 * complete stores: every file it opens parses whole, as the previous or the next state, never a half-written one.
 */
class StoreReadersTest {

    private static final int DIM = 64;

    @TempDir
    Path tmp;

    @Test
    void should_show_readers_complete_store_files_at_every_instant_of_ingestion() throws Exception {
        Path dir = tmp.resolve("cache");
        try (FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(DIM))
                .chatLatency(Duration.ofMillis(20));
             RunningLibrarian librarian = RunningLibrarian.start(dir, tmp.resolve("inbox"), ollama,
                     Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20", "FORCE_LLM_SUMMARY_ON_MERGE", "3"))) {
            StoreFilesReader reader = StoreFilesReader.start(dir, DIM);
            // one book after the other: each rewrites every store while the reader is at it
            for (int i = 0; i < 4; i++) {
                String text = Corpus.excerpt(i % 2 == 0 ? Corpus.CHEKHOV : Corpus.TURGENEV, 20000 + 30000 * i, 2000);
                String id = json(librarian.post("/documents/text", "{\"text\": "
                        + new ObjectMapper().valueToTree(text) + ", \"file_source\": \"book-" + i + ".txt\"}"))
                        .get("doc_id").asText();
                assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(id, Duration.ofSeconds(60)));
            }
            reader.close();

            System.out.printf("reads per store file: %s%ndifferent contents seen: %s%n", reader.reads(),
                    reader.versionsSeen());
            assertEquals(List.of(), reader.failures(), "every store file read during ingestion parses whole");
            for (String file : List.of("graph_chunk_entity_relation.graphml", "vdb_entities.json",
                    "vdb_relationships.json", "vdb_chunks.json", "kv_store_doc_status.json",
                    "kv_store_text_chunks.json", "kv_store_full_docs.json")) {
                assertTrue(reader.versionsSeen().getOrDefault(file, 0) >= 3,
                        file + " was read while it was being rewritten: " + reader.versionsSeen());
            }
        }
    }
}
