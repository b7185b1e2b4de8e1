package dev.librarian.vector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.store.LightRagJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VdbFileStreamingTest {

    private static final List<String> ENTITY_FIELDS = List.of("entity_name", "content", "source_id", "file_path");
    private static final ObjectMapper MAPPER = LightRagJson.mapper();

    @TempDir
    Path dir;

    private static float[] randomVector(Random random, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** Rows as a NanoVectorStore would be given them: full-precision embeddings and the kept meta fields. */
    private static List<VectorRow> sampleRows(int dim) {
        Random random = new Random(7);
        List<VectorRow> rows = new ArrayList<>();
        String[] names = {"Алиса", "Acme \"Corp\" & <Co>", "Berlin 😀", "x\u0001y"};
        for (int i = 0; i < names.length; i++) {
            ObjectNode meta = MAPPER.createObjectNode().put("entity_name", names[i])
                    .put("content", names[i] + "\nописание").put("source_id", "doc-1-chunk-000<SEP>doc-1-chunk-001")
                    .put("file_path", "notes.txt");
            rows.add(new VectorRow("ent-" + i, 1_750_000_040L + i, meta, randomVector(random, dim)));
        }
        return rows;
    }

    private static Map<String, Object> metaMap(ObjectNode meta) {
        Map<String, Object> map = new LinkedHashMap<>();
        meta.fields().forEachRemaining(f -> map.put(f.getKey(), MAPPER.convertValue(f.getValue(), Object.class)));
        return map;
    }

    private static List<VectorRow> readAll(Path file, int dim) throws IOException {
        List<VectorRow> rows = new ArrayList<>();
        VdbFileReader.ReadSummary summary = VdbFileReader.read(file, dim, rows::add);
        assertEquals(rows.size(), summary.rowsRead());
        return rows;
    }

    @Test
    void bytesAreThoseOfNanoVectorStoreFlush() throws Exception {
        int dim = 16;
        List<VectorRow> rows = sampleRows(dim);
        Path old = dir.resolve("old/vdb_entities.json");
        NanoVectorStore store = NanoVectorStore.open(old, dim, ENTITY_FIELDS);
        for (VectorRow row : rows) {
            store.upsert(row.id(), metaMap(row.meta()), row.vector(), row.createdAt());
        }
        store.flush();
        Path streamed = dir.resolve("new/vdb_entities.json");
        VdbFileWriter.write(streamed, dim, rows::iterator, MAPPER.createObjectNode());
        assertArrayEquals(Files.readAllBytes(old), Files.readAllBytes(streamed));
    }

    /** Extra top-level keys survive, and a store that reopens the file and flushes it again writes the same bytes. */
    @Test
    void extrasAndReopenedStoreGiveTheSameBytes() throws Exception {
        int dim = 8;
        List<VectorRow> rows = sampleRows(dim);
        ObjectNode extras = MAPPER.createObjectNode().put("storage_version", 2);
        extras.putArray("notes").add("ä").add(1.5);
        Path file = dir.resolve("vdb_entities.json");
        VdbFileWriter.write(file, dim, rows::iterator, extras);
        byte[] streamed = Files.readAllBytes(file);

        NanoVectorStore store = NanoVectorStore.open(file, dim, ENTITY_FIELDS);
        for (VectorRow row : rows) {
            store.upsert(row.id(), metaMap(row.meta()), row.vector(), row.createdAt());
        }
        store.flush();
        assertArrayEquals(streamed, Files.readAllBytes(file));
        assertEquals(extras, VdbFileReader.read(file, dim, row -> {
        }).extras());
    }

    @Test
    void writtenRowsReadBackWithFloat16Vectors() throws Exception {
        int dim = 16;
        List<VectorRow> rows = sampleRows(dim);
        Path file = dir.resolve("vdb_entities.json");
        VdbFileWriter.write(file, dim, rows::iterator, MAPPER.createObjectNode());
        List<VectorRow> read = readAll(file, dim);
        assertEquals(rows.size(), read.size());
        NanoVectorStore old = NanoVectorStore.open(file, dim, ENTITY_FIELDS);
        for (int i = 0; i < rows.size(); i++) {
            VectorRow expected = rows.get(i);
            VectorRow got = read.get(i);
            assertEquals(expected.id(), got.id());
            assertEquals(expected.createdAt(), got.createdAt());
            assertEquals(expected.meta(), got.meta());
            assertArrayEquals(VectorCodec.toHalfPrecision(expected.vector()), got.vector());
            VectorRecord oldRecord = old.get(got.id()).orElseThrow();
            assertArrayEquals(oldRecord.vector(), got.vector());
            assertEquals(oldRecord.meta(), metaMap(got.meta()));
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("vdb_entities.json"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** Literal numpy + zlib + json.dumps output (as in NanoVectorStoreTest): the old and new readers agree. */
    @Test
    void readsARealPythonFileLikeTheOldReader() throws Exception {
        String python = "{\"embedding_dim\": 4, \"data\": [{\"__id__\": \"ent-1\", \"__created_at__\": 1750000040, "
                + "\"entity_name\": \"Алиса\", \"content\": \"Алиса\\nsome text\", \"source_id\": \"c1<SEP>c2\", "
                + "\"file_path\": \"notes.txt\", \"vector\": \"eJxjsGFwYDjMYAIABWkBdA==\"}, {\"__id__\": \"ent-2\", "
                + "\"__created_at__\": 1750000041, \"entity_name\": \"Acme & <Co>\", \"content\": \"Acme & <Co>\\nsome "
                + "text\", \"source_id\": \"c1<SEP>c2\", \"file_path\": \"notes.txt\", "
                + "\"vector\": \"eJxL00vbdNbEIQwADv4DRA==\"}], \"matrix\": \"1Bp2PtQa9j56V1e/1Bp2PTISgzoyEgO7TJtEO4r/fz8=\"}";
        Path file = dir.resolve("vdb_entities.json");
        Files.writeString(file, python);
        List<VectorRow> read = readAll(file, 4);
        assertEquals(List.of("ent-1", "ent-2"), read.stream().map(VectorRow::id).toList());
        assertArrayEquals(new float[]{1.0f, 2.0f, -3.5f, 0.25f}, read.get(0).vector());
        assertArrayEquals(new float[]{0.0999755859375f, -0.199951171875f, 0.300048828125f, 100.0f},
                read.get(1).vector());
        assertSameAsOldReader(file, 4, read);
    }

    /** A row without a {@code vector} field takes its (normalised) matrix row, as NanoVectorStore does. */
    @Test
    void aRowWithoutVectorTakesItsMatrixRow() throws Exception {
        byte[] half = {0x00, 0x3C, 0x00, (byte) 0xC0, 0x00, 0x38, 0x00, 0x00}; // 1, -2, 0.5, 0 in float16
        double n = Math.sqrt(1 + 4 + 0.25);
        ByteBuffer matrix = ByteBuffer.allocate(3 * 4 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : new float[]{1, -2, 0.5f, 0}) {
            matrix.putFloat((float) (x / n));
        }
        matrix.putFloat(0).putFloat(0).putFloat(0).putFloat(1);
        matrix.putFloat(0).putFloat(1).putFloat(0).putFloat(0);
        String json = "{\"data\": ["
                + "{\"__id__\": \"ent-a\", \"__created_at__\": 1750000040, \"entity_name\": \"Алиса\", "
                + "\"vector\": \"" + Base64.getEncoder().encodeToString(zlib(half)) + "\"}, "
                + "{\"__id__\": \"ent-b\", \"__created_at__\": 1750000041, \"entity_name\": \"B\", \"vector\": \"!!\"}, "
                + "{\"entity_name\": \"no id\"}], "
                + "\"matrix\": \"" + Base64.getEncoder().encodeToString(matrix.array()) + "\", \"embedding_dim\": 4}";
        Path file = dir.resolve("vdb_entities.json");
        Files.writeString(file, json);
        List<VectorRow> read = readAll(file, 4);
        assertEquals(List.of("ent-a", "ent-b"), read.stream().map(VectorRow::id).toList());
        assertArrayEquals(new float[]{1, -2, 0.5f, 0}, read.get(0).vector());
        assertArrayEquals(new float[]{0, 0, 0, 1}, read.get(1).vector());
        assertEquals(MAPPER.createObjectNode().put("entity_name", "B"), read.get(1).meta());
        assertSameAsOldReader(file, 4, read);
        assertNoMatrixTempFileLeft();
    }

    private static void assertSameAsOldReader(Path file, int dim, List<VectorRow> read) throws IOException {
        NanoVectorStore old = NanoVectorStore.open(file, dim, ENTITY_FIELDS);
        assertEquals(List.copyOf(old.ids()), read.stream().map(VectorRow::id).toList());
        for (VectorRow row : read) {
            VectorRecord record = old.get(row.id()).orElseThrow();
            assertEquals(record.createdAt(), row.createdAt());
            assertEquals(record.meta(), metaMap(row.meta()));
            assertArrayEquals(record.vector(), row.vector());
        }
    }

    /**
     * 6000 rows of 1024 values with no {@code vector} fields: the base64 matrix (32 MB) is more than Jackson lets the
     * old reader hold as one string, so it is decoded as it streams. The file is made and checked row by row.
     */
    @Test
    void readsAMatrixBeyondTheOldStringLimit() throws Exception {
        int rows = 6000;
        int dim = 1024;
        Path file = dir.resolve("vdb_chunks.json");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(("{\"embedding_dim\": " + dim + ", \"data\": [").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < rows; i++) {
                out.write(((i > 0 ? ", " : "") + "{\"__id__\": \"chunk-" + i + "\", \"__created_at__\": " + i
                        + ", \"full_doc_id\": \"doc-1\"}").getBytes(StandardCharsets.UTF_8));
            }
            out.write("], \"matrix\": \"".getBytes(StandardCharsets.UTF_8));
            try (OutputStream base64 = Base64.getEncoder().wrap(nonClosing(out))) {
                Random random = new Random(3);
                for (int i = 0; i < rows; i++) {
                    base64.write(VectorCodec.float32Bytes(VectorCodec.normalise(randomVector(random, dim))));
                }
            }
            out.write("\"}".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(Files.size(file) > 30_000_000);
        Random random = new Random(3);
        long[] seen = {0};
        VdbFileReader.ReadSummary summary = VdbFileReader.read(file, dim, row -> {
            long i = seen[0]++;
            assertEquals("chunk-" + i, row.id());
            assertEquals(i, row.createdAt());
            assertEquals(MAPPER.createObjectNode().put("full_doc_id", "doc-1"), row.meta());
            assertArrayEquals(VectorCodec.normalise(randomVector(random, dim)), row.vector());
        });
        assertEquals(rows, summary.rowsRead());
        assertEquals(rows, seen[0]);
        assertNoMatrixTempFileLeft();
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private static void assertNoMatrixTempFileLeft() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("librarian-vdb-matrix-")).toList());
        }
    }

    @Test
    void dimensionMismatchSaysWhatToDo() throws Exception {
        Path file = dir.resolve("vdb_x.json");
        VdbFileWriter.write(file, 16, sampleRows(16)::iterator, MAPPER.createObjectNode());
        IOException e = assertThrows(IOException.class, () -> VdbFileReader.read(file, 1024, row -> {
            throw new AssertionError("no row before the check");
        }));
        assertTrue(e.getMessage().startsWith("vdb_x.json holds 16-dimensional vectors but EMBEDDING_DIM is 1024"),
                e.getMessage());
    }

    @Test
    void brokenMatrixIsRefused() throws Exception {
        Path file = dir.resolve("vdb_x.json");
        Files.writeString(file, "{\"embedding_dim\": 2, \"data\": [{\"__id__\": \"a\"}], \"matrix\": \"AAAA\"}");
        IOException e = assertThrows(IOException.class, () -> VdbFileReader.read(file, 2, row -> {
        }));
        assertTrue(e.getMessage().contains("\"matrix\" holds 3 bytes but 1 records of 2 float32 values need 8"),
                e.getMessage());
        Files.writeString(file, "{\"embedding_dim\": 2, \"data\": [{\"__id__\": \"a\"}], \"matrix\": \"A*AA\"}");
        e = assertThrows(IOException.class, () -> VdbFileReader.read(file, 2, row -> {
        }));
        assertTrue(e.getMessage().contains("not valid base64"), e.getMessage());
        assertNoMatrixTempFileLeft();
    }

    @Test
    void missingBlankAndEmptyFiles() throws Exception {
        assertEquals(0, VdbFileReader.read(dir.resolve("none.json"), 4, row -> {
        }).rowsRead());
        Path blank = dir.resolve("blank.json");
        Files.writeString(blank, "\n");
        assertEquals(0, VdbFileReader.read(blank, 4, row -> {
        }).rowsRead());
        Path empty = dir.resolve("vdb_relationships.json");
        VdbFileWriter.write(empty, 4, () -> List.<VectorRow>of().iterator(), MAPPER.createObjectNode());
        assertEquals("{\"embedding_dim\": 4, \"data\": [], \"matrix\": \"\"}", Files.readString(empty));
        assertEquals(0, VdbFileReader.read(empty, 4, row -> {
        }).rowsRead());
    }

    /** A source whose second pass differs (a table changed between the passes) leaves the old file alone. */
    @Test
    void passesThatDisagreeReplaceNothing() throws Exception {
        Path file = dir.resolve("vdb_chunks.json");
        List<VectorRow> rows = sampleRows(4);
        VdbFileWriter.write(file, 4, rows::iterator, MAPPER.createObjectNode());
        byte[] before = Files.readAllBytes(file);
        int[] passes = {0};
        IOException e = assertThrows(IOException.class, () -> VdbFileWriter.write(file, 4,
                () -> (passes[0]++ == 0 ? rows : rows.subList(1, rows.size())).iterator(), MAPPER.createObjectNode()));
        assertTrue(e.getMessage().contains("second pass"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("vdb_chunks.json"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** Each pass's iterator is closed when it can be, as a database cursor must be. */
    @Test
    void closeablePassesAreClosed() throws Exception {
        List<VectorRow> rows = sampleRows(4);
        int[] closed = {0};
        final class Cursor implements Iterator<VectorRow>, Closeable {
            private final Iterator<VectorRow> rest = rows.iterator();

            @Override
            public boolean hasNext() {
                return rest.hasNext();
            }

            @Override
            public VectorRow next() {
                return rest.next();
            }

            @Override
            public void close() {
                closed[0]++;
            }
        }
        VdbFileWriter.write(dir.resolve("vdb_chunks.json"), 4, Cursor::new, MAPPER.createObjectNode());
        assertEquals(2, closed[0]);
        assertThrows(IllegalArgumentException.class, () -> VdbFileWriter.write(dir.resolve("vdb_chunks.json"), 8,
                Cursor::new, MAPPER.createObjectNode()));
        assertEquals(3, closed[0]);
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
}
