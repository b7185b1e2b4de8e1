package dev.librarian.bench;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Exact nearest rows of a memory-mapped float32 rows file of unit vectors: every row's dot product with the query, by a
 * plain loop, split over {@code threads} when asked. The heap holds one row buffer per thread and the top-K.
 */
final class MappedRowsSearch {

    // a MappedByteBuffer covers at most 2 GiB: map the file in pieces of whole rows under 1 GiB
    private static final long MAX_PIECE_BYTES = 1L << 30;

    private final int dim;
    private final int rows;
    private final int rowsPerPiece;
    private final List<FloatBuffer> pieces = new ArrayList<>();

    MappedRowsSearch(Path file, int dim) throws IOException {
        this.dim = dim;
        long rowBytes = (long) dim * Float.BYTES;
        this.rows = (int) (Files.size(file) / rowBytes);
        this.rowsPerPiece = (int) (MAX_PIECE_BYTES / rowBytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long first = 0; first < rows; first += rowsPerPiece) {
                long count = Math.min(rowsPerPiece, rows - first);
                pieces.add(channel.map(FileChannel.MapMode.READ_ONLY, first * rowBytes, count * rowBytes)
                        .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
            }
        }
    }

    int rows() {
        return rows;
    }

    /** The {@code topK} best rows for the unit vector {@code query}, best first. */
    int[] topK(float[] query, int topK, ExecutorService pool, int threads)
            throws InterruptedException, ExecutionException {
        if (threads == 1) {
            return scan(query, topK, 0, rows).bestFirst();
        }
        List<Future<RowHeap>> parts = new ArrayList<>();
        int share = (rows + threads - 1) / threads;
        for (int t = 0; t < threads; t++) {
            int from = Math.min(rows, t * share);
            int to = Math.min(rows, from + share);
            parts.add(pool.submit(() -> scan(query, topK, from, to)));
        }
        RowHeap merged = new RowHeap(topK);
        for (Future<RowHeap> part : parts) {
            merged.addAll(part.get());
        }
        return merged.bestFirst();
    }

    private RowHeap scan(float[] query, int topK, int from, int to) {
        RowHeap best = new RowHeap(topK);
        float[] row = new float[dim];
        for (int r = from; r < to; r++) {
            pieces.get(r / rowsPerPiece).get((r % rowsPerPiece) * dim, row);
            best.offer(r, dot(query, row));
        }
        return best;
    }

    private static float dot(float[] a, float[] b) {
        // four sums: the JIT keeps them in separate registers instead of one serial chain of additions
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return s0 + s1 + s2 + s3;
    }

    /** The best rows offered, in a min-heap whose root is the worst kept. */
    static final class RowHeap {

        private final int[] rows;
        private final float[] scores;
        private int size;

        RowHeap(int capacity) {
            rows = new int[capacity];
            scores = new float[capacity];
        }

        void offer(int row, float score) {
            if (size < rows.length) {
                rows[size] = row;
                scores[size] = score;
                up(size++);
            } else if (score > scores[0]) {
                rows[0] = row;
                scores[0] = score;
                down(0);
            }
        }

        void addAll(RowHeap other) {
            for (int i = 0; i < other.size; i++) {
                offer(other.rows[i], other.scores[i]);
            }
        }

        int[] bestFirst() {
            int[] out = new int[size];
            while (size > 0) {
                out[size - 1] = rows[0];
                size--;
                swap(0, size);
                down(0);
            }
            return out;
        }

        private void up(int i) {
            while (i > 0 && scores[i] < scores[(i - 1) / 2]) {
                swap(i, (i - 1) / 2);
                i = (i - 1) / 2;
            }
        }

        private void down(int i) {
            while (true) {
                int least = i;
                for (int c = 2 * i + 1; c <= 2 * i + 2 && c < size; c++) {
                    if (scores[c] < scores[least]) {
                        least = c;
                    }
                }
                if (least == i) {
                    return;
                }
                swap(i, least);
                i = least;
            }
        }

        private void swap(int i, int j) {
            int row = rows[i];
            rows[i] = rows[j];
            rows[j] = row;
            float score = scores[i];
            scores[i] = scores[j];
            scores[j] = score;
        }
    }
}
