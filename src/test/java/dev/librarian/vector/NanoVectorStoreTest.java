package dev.librarian.vector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.store.LightRagJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NanoVectorStoreTest {

    private static final List<String> ENTITY_FIELDS = List.of("entity_name", "content", "source_id", "file_path");

    @TempDir
    Path dir;

    private static Map<String, Object> meta(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entity_type", "person"); // not a meta field: must be dropped
        m.put("content", name + "\nописание");
        m.put("entity_name", name);
        m.put("source_id", "doc-1-chunk-000<SEP>doc-1-chunk-001");
        m.put("file_path", "notes.txt");
        return m;
    }

    private static float[] randomVector(java.util.Random random, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void roundTripKeepsIdsMetaTimesAndVectors() throws Exception {
        Path file = dir.resolve("vdb_entities.json");
        java.util.Random random = new java.util.Random(1);
        NanoVectorStore store = NanoVectorStore.open(file, 16, ENTITY_FIELDS);
        List<float[]> originals = new ArrayList<>();
        for (String name : List.of("Алиса", "Acme \"Corp\" & <Co>", "Berlin")) {
            float[] v = randomVector(random, 16);
            originals.add(v);
            store.upsert("ent-" + name, meta(name), v, 1_750_000_040L + originals.size());
        }
        assertTrue(store.isDirty());
        store.flush();
        assertFalse(store.isDirty());

        NanoVectorStore again = NanoVectorStore.open(file, 16, ENTITY_FIELDS);
        assertEquals(List.of("ent-Алиса", "ent-Acme \"Corp\" & <Co>", "ent-Berlin"), List.copyOf(again.ids()));
        VectorRecord alice = again.get("ent-Алиса").orElseThrow();
        assertEquals(1_750_000_041L, alice.createdAt());
        assertEquals(List.of("entity_name", "content", "source_id", "file_path"), List.copyOf(alice.meta().keySet()));
        assertEquals("Алиса\nописание", alice.meta().get("content"));
        for (int r = 0; r < 3; r++) {
            float[] stored = again.get(List.copyOf(again.ids()).get(r)).orElseThrow().vector();
            for (int i = 0; i < 16; i++) {
                float expected = originals.get(r)[i];
                assertEquals(expected, stored[i], Math.abs(expected) * 1e-3 + 1e-6);
            }
        }

        JsonNode root = LightRagJson.readFile(file);
        assertEquals(List.of("embedding_dim", "data", "matrix"), fieldNames(root));
        assertEquals(List.of("__id__", "__created_at__", "entity_name", "content", "source_id", "file_path", "vector"),
                fieldNames(root.get("data").get(0)));
        ByteBuffer matrix = ByteBuffer.wrap(Base64.getDecoder().decode(root.get("matrix").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(3 * 16 * 4, matrix.remaining());
        for (int r = 0; r < 3; r++) {
            float[] row = new float[16];
            for (int i = 0; i < 16; i++) {
                row[i] = matrix.getFloat();
            }
            assertEquals(1.0, norm(row), 1e-5);
            assertEquals(originals.get(r)[0] / norm(originals.get(r)), row[0], 1e-6);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"embedding_dim\": 16, \"data\": [{\"__id__\": \"ent-Алиса\", \"__created_at__\": "
                + "1750000041, \"entity_name\": \"Алиса\", \"content\": \"Алиса\\nописание\", "), text);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("vdb_entities.json"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void metaFieldsOutsideTheListAreDropped() throws Exception {
        NanoVectorStore store = NanoVectorStore.open(dir.resolve("vdb_entities.json"), 3, ENTITY_FIELDS);
        store.upsert("ent-1", meta("A"), new float[]{1, 0, 0}, 1);
        VectorRecord record = store.get("ent-1").orElseThrow();
        assertFalse(record.meta().containsKey("entity_type"));
        assertEquals(4, record.meta().size());
    }

    @Test
    void queryRanksNearestFirstAndHonoursThresholdAndTopK() throws Exception {
        NanoVectorStore store = NanoVectorStore.open(dir.resolve("vdb_chunks.json"), 3,
                List.of("content", "full_doc_id", "file_path"));
        store.upsert("x", Map.of("content", "x"), new float[]{10, 0, 0}, 1);
        store.upsert("xy", Map.of("content", "xy"), new float[]{1, 1, 0}, 1);
        store.upsert("y", Map.of("content", "y"), new float[]{0, 3, 0}, 1);
        store.upsert("minus-x", Map.of("content", "-x"), new float[]{-1, 0, 0}, 1);

        List<ScoredRecord> hits = store.query(new float[]{2, 0.2f, 0}, 10, -1.0);
        assertEquals(List.of("x", "xy", "y", "minus-x"), hits.stream().map(h -> h.record().id()).toList());
        assertEquals(2 / Math.sqrt(4.04), hits.get(0).score(), 1e-6);

        assertEquals(List.of("x", "xy"), store.query(new float[]{2, 0.2f, 0}, 10, 0.2).stream()
                .map(h -> h.record().id()).toList());
        assertEquals(List.of("x"), store.query(new float[]{2, 0.2f, 0}, 1, 0.2).stream()
                .map(h -> h.record().id()).toList());
        assertTrue(store.query(new float[]{0, 0, 1}, 5, 0.2).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> store.query(new float[]{1, 0}, 5, 0.2));
    }

    @Test
    void upsertOfExistingIdKeepsItsPositionAndDeleteRemoves() throws Exception {
        Path file = dir.resolve("vdb_chunks.json");
        NanoVectorStore store = NanoVectorStore.open(file, 2, List.of("content"));
        store.upsert("a", Map.of("content", "a"), new float[]{1, 0}, 1);
        store.upsert("b", Map.of("content", "b"), new float[]{0, 1}, 1);
        store.upsert("c", Map.of("content", "c"), new float[]{1, 1}, 1);
        store.upsert("a", Map.of("content", "a2"), new float[]{0, 2}, 2);
        assertTrue(store.delete("b"));
        assertFalse(store.delete("b"));
        store.flush();
        NanoVectorStore again = NanoVectorStore.open(file, 2, List.of("content"));
        assertEquals(List.of("a", "c"), List.copyOf(again.ids()));
        assertEquals("a2", again.get("a").orElseThrow().meta().get("content"));
        assertArrayEquals(new float[]{0, 2}, again.get("a").orElseThrow().vector());
    }

    @Test
    void wrongLengthIsRejected() throws Exception {
        NanoVectorStore store = NanoVectorStore.open(dir.resolve("vdb_chunks.json"), 4, List.of("content"));
        assertThrows(IllegalArgumentException.class, () -> store.upsert("a", Map.of(), new float[3], 1));
        assertEquals(0, store.size());
    }

    @Test
    void dimensionMismatchOnOpenExplainsItself() throws Exception {
        Path file = dir.resolve("vdb_x.json");
        NanoVectorStore store = NanoVectorStore.open(file, 8, List.of());
        store.upsert("a", Map.of(), new float[]{1, 2, 3, 4, 5, 6, 7, 8}, 1);
        store.flush();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NanoVectorStore.open(file, 1024, List.of()));
        assertTrue(e.getMessage().startsWith("vdb_x.json holds 8-dimensional vectors but EMBEDDING_DIM is 1024"),
                e.getMessage());
    }

    @Test
    void emptyStoreWritesEmptyMatrix() throws Exception {
        Path file = dir.resolve("vdb_relationships.json");
        NanoVectorStore store = NanoVectorStore.open(file, 4, List.of("src_id"));
        store.upsert("a", Map.of(), new float[4], 1);
        store.delete("a");
        store.flush();
        assertEquals("{\"embedding_dim\": 4, \"data\": [], \"matrix\": \"\"}", Files.readString(file));
        assertEquals(0, NanoVectorStore.open(file, 4, List.of("src_id")).size());
    }

    /** Builds a file exactly as LightRAG/NanoVectorDB would, without using the production encoders. */
    @Test
    void decodesAFileMadeThePythonWay() throws Exception {
        float[] raw = {1.0f, -2.0f, 0.5f, 0.0f}; // float16 bit patterns 3C00, C000, 3800, 0000
        byte[] half = {0x00, 0x3C, 0x00, (byte) 0xC0, 0x00, 0x38, 0x00, 0x00};
        double n = Math.sqrt(1 + 4 + 0.25);
        ByteBuffer matrix = ByteBuffer.allocate(2 * 4 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : raw) {
            matrix.putFloat((float) (x / n));
        }
        matrix.putFloat(0).putFloat(0).putFloat(0).putFloat(1); // second record: no "vector" field
        String json = "{\"embedding_dim\": 4, \"data\": ["
                + "{\"__id__\": \"ent-a\", \"__created_at__\": 1750000040, \"entity_name\": \"Алиса\", "
                + "\"vector\": \"" + Base64.getEncoder().encodeToString(zlib(half)) + "\"}, "
                + "{\"__id__\": \"ent-b\", \"__created_at__\": 1750000041, \"entity_name\": \"B\"}], "
                + "\"matrix\": \"" + Base64.getEncoder().encodeToString(matrix.array()) + "\"}";
        Path file = dir.resolve("vdb_entities.json");
        Files.writeString(file, json);

        NanoVectorStore store = NanoVectorStore.open(file, 4, ENTITY_FIELDS);
        VectorRecord a = store.get("ent-a").orElseThrow();
        assertArrayEquals(raw, a.vector());
        assertEquals(1_750_000_040L, a.createdAt());
        assertEquals(Map.of("entity_name", "Алиса"), a.meta());
        assertArrayEquals(new float[]{0, 0, 0, 1}, store.get("ent-b").orElseThrow().vector());

        List<ScoredRecord> hits = store.query(new float[]{2, -4, 1, 0}, 2, 0.2);
        assertEquals("ent-a", hits.get(0).record().id());
        assertEquals(1.0, hits.get(0).score(), 1e-6);
        assertEquals(1, hits.size());
    }

    private static byte[] zlib(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[256];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** Literal output of numpy + zlib + json.dumps(ensure_ascii=False), as nano-vectordb and LightRAG produce it. */
    @Test
    void readsARealPythonFile() throws Exception {
        String python = "{\"embedding_dim\": 4, \"data\": [{\"__id__\": \"ent-1\", \"__created_at__\": 1750000040, "
                + "\"entity_name\": \"Алиса\", \"content\": \"Алиса\\nsome text\", \"source_id\": \"c1<SEP>c2\", "
                + "\"file_path\": \"notes.txt\", \"vector\": \"eJxjsGFwYDjMYAIABWkBdA==\"}, {\"__id__\": \"ent-2\", "
                + "\"__created_at__\": 1750000041, \"entity_name\": \"Acme & <Co>\", \"content\": \"Acme & <Co>\\nsome "
                + "text\", \"source_id\": \"c1<SEP>c2\", \"file_path\": \"notes.txt\", "
                + "\"vector\": \"eJxL00vbdNbEIQwADv4DRA==\"}], \"matrix\": \"1Bp2PtQa9j56V1e/1Bp2PTISgzoyEgO7TJtEO4r/fz8=\"}";
        Path file = dir.resolve("vdb_entities.json");
        Files.writeString(file, python);
        NanoVectorStore store = NanoVectorStore.open(file, 4, ENTITY_FIELDS);
        assertArrayEquals(new float[]{1.0f, 2.0f, -3.5f, 0.25f}, store.get("ent-1").orElseThrow().vector());
        assertArrayEquals(new float[]{0.0999755859375f, -0.199951171875f, 0.300048828125f, 100.0f},
                store.get("ent-2").orElseThrow().vector());
        assertEquals("Acme & <Co>\nsome text", store.get("ent-2").orElseThrow().meta().get("content"));
        List<ScoredRecord> hits = store.query(new float[]{0, 0, 0, 1}, 1, 0.2);
        assertEquals("ent-2", hits.get(0).record().id());
        assertEquals(0.9999929666519165, hits.get(0).score(), 1e-7);
    }

    /**
     * The query against the plain definition: double dot products with the normalised rows, a stable descending sort
     * of every row, the first topK, cut at the first score below the threshold. Random rows, a few of them exact
     * duplicates (equal scores keep insertion order), an upsert that keeps its position and a delete. Scores are
     * float sums, so rows whose exact scores differ by less than float rounding could swap places; the (seeded)
     * data is checked to have no such near ties where it matters.
     */
    @Test
    void queryMatchesAStraightforwardRankingOfEveryRow() throws Exception {
        int dim = 1024;
        java.util.Random random = new java.util.Random(42);
        NanoVectorStore store = NanoVectorStore.open(dir.resolve("vdb_chunks.json"), dim, List.of("content"));
        Map<String, float[]> vectors = new LinkedHashMap<>();
        for (int i = 0; i < 600; i++) {
            // row-99 repeats row-49, row-199 repeats row-149, ...
            float[] v = i % 100 == 99 ? vectors.get("row-" + (i - 50)) : randomVector(random, dim);
            vectors.put("row-" + i, v);
            store.upsert("row-" + i, Map.of(), v, 1);
        }
        float[] replaced = randomVector(random, dim);
        vectors.put("row-10", replaced);
        store.upsert("row-10", Map.of(), replaced, 1);
        vectors.remove("row-20");
        store.delete("row-20");

        for (int q = 0; q < 20; q++) {
            // every other query lies near a duplicated row, so that an exact tie competes for the top
            float[] query = q % 2 == 0 ? randomVector(random, dim)
                    : nearby(vectors.get("row-" + (100 * (q / 2 % 6) + 49)), random);
            List<Map.Entry<String, Double>> ranking = reference(vectors, query);
            for (int topK : new int[]{1, 10, 40}) {
                for (double threshold : new double[]{-1.0, 0.0, 0.05}) {
                    List<Map.Entry<String, Double>> expected = cut(ranking, topK, threshold);
                    assertNoNearTies(ranking, expected.size() + 1, threshold);
                    List<ScoredRecord> hits = store.query(query, topK, threshold);
                    assertEquals(expected.stream().map(Map.Entry::getKey).toList(),
                            hits.stream().map(h -> h.record().id()).toList(), "topK " + topK + ", " + threshold);
                    for (int i = 0; i < hits.size(); i++) {
                        assertEquals(expected.get(i).getValue(), hits.get(i).score(), 1e-6);
                    }
                }
            }
        }
    }

    private static float[] nearby(float[] v, java.util.Random random) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) (random.nextGaussian() / 64);
        }
        return out;
    }

    /** Every row with its exact score, best first, equal scores in insertion order. */
    private static List<Map.Entry<String, Double>> reference(Map<String, float[]> vectors, float[] query) {
        float[] unitQuery = VectorCodec.normalise(query);
        List<Map.Entry<String, Double>> all = new ArrayList<>();
        vectors.forEach((id, v) -> {
            float[] unit = VectorCodec.normalise(v);
            double dot = 0;
            for (int i = 0; i < unit.length; i++) {
                dot += (double) unit[i] * unitQuery[i];
            }
            all.add(Map.entry(id, dot));
        });
        all.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        return all;
    }

    private static List<Map.Entry<String, Double>> cut(List<Map.Entry<String, Double>> ranking, int topK,
                                                      double threshold) {
        List<Map.Entry<String, Double>> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : ranking.subList(0, Math.min(topK, ranking.size()))) {
            if (e.getValue() < threshold) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    /**
     * The first {@code count} scores are exact ties or more than 5e-7 apart (float sums of 1024 products of unit
     * vectors stay within about 3e-7 of the exact sum), and none is that close to the threshold.
     */
    private static void assertNoNearTies(List<Map.Entry<String, Double>> ranking, int count, double threshold) {
        for (int i = 0; i < Math.min(count, ranking.size()); i++) {
            double score = ranking.get(i).getValue();
            assertTrue(Math.abs(score - threshold) > 5e-7, "test data: a score next to the threshold");
            if (i > 0) {
                double gap = ranking.get(i - 1).getValue() - score;
                assertTrue(gap == 0 || gap > 5e-7, "test data: a near tie at " + i);
            }
        }
    }
}
