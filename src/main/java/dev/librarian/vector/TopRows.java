package dev.librarian.vector;

import java.util.List;

/**
 * The best {@code capacity} of the rows offered to it, ranked by score (higher first) and, for equal scores, by
 * the order they were offered in: the ranking of a stable descending sort of all of them, kept in a bounded
 * min-heap whose root is the worst row kept. Not thread-safe; one per query.
 */
final class TopRows {

    private final StoredRow[] rows;
    private final float[] scores;
    private final int[] arrival;
    private int size;
    private int offered;

    TopRows(int capacity) {
        rows = new StoredRow[capacity];
        scores = new float[capacity];
        arrival = new int[capacity];
    }

    void offer(StoredRow row, float score) {
        int seq = offered++;
        if (size < rows.length) {
            set(size, row, score, seq);
            siftUp(size++);
        } else if (score > scores[0]) {
            // an equal score offered later ranks lower, so only a strictly better one replaces the worst
            set(0, row, score, seq);
            siftDown(0);
        }
    }

    /** The kept rows, best first, as records; empties the heap. */
    List<ScoredRecord> bestFirst() {
        ScoredRecord[] out = new ScoredRecord[size];
        while (size > 0) {
            out[size - 1] = new ScoredRecord(rows[0].toRecord(), scores[0]);
            size--;
            move(size, 0);
            siftDown(0);
        }
        return List.of(out);
    }

    /** Whether the row at {@code i} ranks below the row at {@code j}. */
    private boolean worse(int i, int j) {
        return scores[i] < scores[j] || (scores[i] == scores[j] && arrival[i] > arrival[j]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!worse(i, parent)) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int worst = i;
            int left = 2 * i + 1;
            if (left < size && worse(left, worst)) {
                worst = left;
            }
            if (left + 1 < size && worse(left + 1, worst)) {
                worst = left + 1;
            }
            if (worst == i) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void set(int i, StoredRow row, float score, int seq) {
        rows[i] = row;
        scores[i] = score;
        arrival[i] = seq;
    }

    private void move(int from, int to) {
        set(to, rows[from], scores[from], arrival[from]);
        rows[from] = null;
    }

    private void swap(int i, int j) {
        StoredRow row = rows[i];
        float score = scores[i];
        int seq = arrival[i];
        set(i, rows[j], scores[j], arrival[j]);
        set(j, row, score, seq);
    }
}
