package dev.librarian.query;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.graph.EntityNode;
import dev.librarian.graph.RelationEdge;
import dev.librarian.library.LibraryStores;
import dev.librarian.model.RelationKey;
import dev.librarian.pipeline.VectorIds;
import dev.librarian.testing.FakeOllama;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small library built by hand in memory, with the fake Ollama's bag-of-words vectors, laid out as the pipeline
 * lays it out (vector ids, embedded texts, meta fields).
 */
final class TestLibrary implements AutoCloseable {

    static final int DIM = 64;

    private final FakeOllama fake = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(DIM));
    final LibraryStores stores;

    TestLibrary(Path dir) {
        try {
            stores = LibraryStores.open(dir, "", DIM, java.time.Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    float[] embed(String text) {
        return fake.embedding(text);
    }

    List<float[]> embed(List<String> texts) {
        return texts.stream().map(this::embed).toList();
    }

    TestLibrary chunk(String id, String file, String content) {
        ObjectNode rec = JsonNodeFactory.instance.objectNode();
        rec.put("tokens", content.length() / 4);
        rec.put("content", content);
        rec.put("chunk_order_index", 0);
        rec.put("full_doc_id", "doc-" + file);
        rec.put("file_path", file);
        stores.textChunks().upsert(id, rec);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("content", content);
        meta.put("full_doc_id", "doc-" + file);
        meta.put("file_path", file);
        stores.chunksVdb().upsert(id, meta, embed(content), 1_700_000_000L);
        return this;
    }

    TestLibrary entity(String name, String type, String description, String file, String... chunkIds) {
        EntityNode node = new EntityNode(name, type, description, String.join("<SEP>", chunkIds), file,
                1_700_000_100L, "");
        stores.graphTables().putEntity(node);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("entity_name", name);
        meta.put("content", VectorIds.entityContent(node));
        meta.put("source_id", node.sourceId());
        meta.put("file_path", file);
        stores.entitiesVdb().upsert(VectorIds.entity(name), meta, embed(VectorIds.entityContent(node)),
                1_700_000_200L);
        return this;
    }

    TestLibrary relation(String a, String b, String keywords, String description, double weight, String file,
                         String... chunkIds) {
        RelationEdge edge = new RelationEdge(a, b, weight, description, keywords, String.join("<SEP>", chunkIds),
                file, 1_700_000_300L, "");
        stores.graphTables().putRelation(edge);
        RelationKey key = edge.key();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("src_id", key.first());
        meta.put("tgt_id", key.second());
        meta.put("source_id", edge.sourceId());
        meta.put("content", VectorIds.relationContent(edge));
        meta.put("file_path", file);
        stores.relationshipsVdb().upsert(VectorIds.relation(key), meta, embed(VectorIds.relationContent(edge)),
                1_700_000_400L);
        return this;
    }

    /** Two books: a whaling voyage and a secret garden. */
    TestLibrary withTwoBooks() {
        chunk("doc-w-chunk-000", "whales.txt",
                "Captain Ahab commands the Pequod and hunts the white whale Moby Dick across the Pacific.");
        chunk("doc-w-chunk-001", "whales.txt",
                "Ishmael signs on the Pequod in Nantucket and befriends Queequeg the harpooner.");
        chunk("doc-g-chunk-000", "gardens.txt",
                "Mary Lennox discovers a locked secret garden at Misselthwaite Manor in Yorkshire.");
        chunk("doc-g-chunk-001", "gardens.txt",
                "Dickon tends the garden with Mary and Colin, and the roses bloom again.");
        entity("Ahab", "person", "Captain Ahab is the obsessed captain of the Pequod who hunts the white whale.",
                "whales.txt", "doc-w-chunk-000");
        entity("Pequod", "ship", "The Pequod is a whaling ship from Nantucket.", "whales.txt",
                "doc-w-chunk-000", "doc-w-chunk-001");
        entity("Moby Dick", "animal", "Moby Dick is the white whale.", "whales.txt", "doc-w-chunk-000");
        entity("Ishmael", "person", "Ishmael is a sailor who tells the story of the voyage.", "whales.txt",
                "doc-w-chunk-001");
        entity("Mary Lennox", "person", "Mary Lennox is a girl who finds a secret garden.", "gardens.txt",
                "doc-g-chunk-000", "doc-g-chunk-001");
        entity("Secret Garden", "location", "The secret garden is a walled garden at Misselthwaite Manor.",
                "gardens.txt", "doc-g-chunk-000", "doc-g-chunk-001");
        entity("Dickon", "person", "Dickon is a boy who loves animals and plants.", "gardens.txt",
                "doc-g-chunk-001");
        relation("Ahab", "Pequod", "command", "Ahab commands the Pequod.", 2.0, "whales.txt", "doc-w-chunk-000");
        relation("Ahab", "Moby Dick", "hunting,obsession", "Ahab hunts Moby Dick out of revenge.", 3.0,
                "whales.txt", "doc-w-chunk-000");
        relation("Ishmael", "Pequod", "crew", "Ishmael sails on the Pequod.", 1.0, "whales.txt", "doc-w-chunk-001");
        relation("Mary Lennox", "Secret Garden", "discovery", "Mary Lennox discovers the secret garden.", 1.0,
                "gardens.txt", "doc-g-chunk-000");
        relation("Dickon", "Secret Garden", "gardening", "Dickon tends the secret garden.", 1.0, "gardens.txt",
                "doc-g-chunk-001");
        return this;
    }

    @Override
    public void close() {
        stores.stop();
        fake.close();
    }
}
