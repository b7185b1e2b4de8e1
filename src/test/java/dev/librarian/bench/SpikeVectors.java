package dev.librarian.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * Reproducible unit vectors that gather around {@code clusters} random centres (like embeddings of a few hundred
 * topics), the same in every process for the same seed; and their float32 rows file (little-endian, one row per
 * vector), which stands in for the system of record.
 */
final class SpikeVectors {

    // per-component spread around a centre whose components are N(0, 1): same-cluster cosine about 0.5
    private static final double SPREAD = 1.0;

    private final int dim;
    private final long seed;
    private final float[][] centres;

    SpikeVectors(int dim, int clusters, long seed) {
        this.dim = dim;
        this.seed = seed;
        Random random = new Random(seed);
        centres = new float[clusters][dim];
        for (float[] centre : centres) {
            for (int j = 0; j < dim; j++) {
                centre[j] = (float) random.nextGaussian();
            }
        }
    }

    float[] vector(int i) {
        return around(new Random(seed * 1_000_003L + i));
    }

    /** A query vector; never one of the indexed vectors. */
    float[] query(int q) {
        return around(new Random(-seed * 7_919L - q - 1));
    }

    private float[] around(Random random) {
        float[] centre = centres[random.nextInt(centres.length)];
        float[] v = new float[dim];
        double squares = 0;
        for (int j = 0; j < dim; j++) {
            v[j] = (float) (centre[j] + SPREAD * random.nextGaussian());
            squares += v[j] * v[j];
        }
        float scale = (float) (1 / Math.sqrt(squares));
        for (int j = 0; j < dim; j++) {
            v[j] *= scale;
        }
        return v;
    }

    void writeRows(Path file, int count) throws IOException {
        ByteBuffer row = ByteBuffer.allocate(dim * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int i = 0; i < count; i++) {
                row.clear();
                row.asFloatBuffer().put(vector(i));
                while (row.hasRemaining()) {
                    out.write(row);
                }
            }
        }
    }

    /** Reads the rows file sequentially (plain reads, not mapped), one row at a time. */
    static final class RowReader implements AutoCloseable {

        private final FileChannel in;
        private final ByteBuffer row;

        RowReader(Path file, int dim) throws IOException {
            in = FileChannel.open(file, StandardOpenOption.READ);
            row = ByteBuffer.allocate(dim * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        }

        float[] next() throws IOException {
            row.clear();
            while (row.hasRemaining()) {
                if (in.read(row) < 0) {
                    throw new IOException("rows file ends early");
                }
            }
            row.flip();
            float[] v = new float[row.capacity() / Float.BYTES];
            row.asFloatBuffer().get(v);
            return v;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
