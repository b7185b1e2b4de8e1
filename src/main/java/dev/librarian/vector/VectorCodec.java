package dev.librarian.vector;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The numeric encodings of a NanoVectorDB file: L2 normalisation, the per-record {@code vector} field
 * ({@code base64(zlib.compress(float16 little-endian bytes))}, zlib default level with header, as Python writes it)
 * and little-endian float32 matrix rows.
 */
final class VectorCodec {

    private VectorCodec() {
    }

    /** {@code v / |v|} computed in double and rounded to float; a zero vector stays zero (numpy would give NaN). */
    static float[] normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        double norm = Math.sqrt(sum);
        float[] unit = new float[v.length];
        if (norm == 0 || Double.isNaN(norm)) {
            return unit;
        }
        for (int i = 0; i < v.length; i++) {
            unit[i] = (float) (v[i] / norm);
        }
        return unit;
    }

    /**
     * The dot product of two vectors of equal length, in float with eight partial sums: independent additions keep
     * the CPU busy where one running sum would make each addition wait for the last. For unit vectors of 1024
     * values the result is within about 3e-7 of the exact dot product (typically 3e-8).
     */
    static float dot(float[] a, float[] b) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int n = a.length;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
            s4 += a[i + 4] * b[i + 4];
            s5 += a[i + 5] * b[i + 5];
            s6 += a[i + 6] * b[i + 6];
            s7 += a[i + 7] * b[i + 7];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** {@code v} rounded to the nearest float16 values, i.e. what the {@code vector} field can hold. */
    static float[] toHalfPrecision(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float16.toFloat(Float16.fromFloat(v[i]));
        }
        return out;
    }

    /** {@code base64(zlib(float16 LE bytes of v))}. */
    static String encodeHalfZlib(float[] v) {
        ByteBuffer half = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            half.putShort(Float16.fromFloat(x));
        }
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(half.array());
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(v.length * 2 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } finally {
            deflater.end();
        }
    }

    /**
     * Decodes a {@code vector} field. Returns {@code null} when the text is not base64 zlib data holding exactly
     * {@code dim} float16 values.
     */
    static float[] decodeHalfZlib(String b64, int dim) {
        byte[] bytes;
        try {
            bytes = inflate(Base64.getDecoder().decode(b64), dim * 2 + 1);
        } catch (IllegalArgumentException | DataFormatException e) {
            return null;
        }
        if (bytes == null || bytes.length != dim * 2) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = Float16.toFloat(buffer.getShort());
        }
        return v;
    }

    /** Inflates at most {@code limit} bytes; {@code null} when the stream is truncated. */
    private static byte[] inflate(byte[] compressed, int limit) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(limit);
            byte[] buffer = new byte[8192];
            while (!inflater.finished() && out.size() <= limit) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    /** Reads row {@code row} of a little-endian float32 matrix with {@code dim} columns. */
    static float[] matrixRow(ByteBuffer matrix, int row, int dim) {
        float[] v = new float[dim];
        int base = row * dim * Float.BYTES;
        for (int i = 0; i < dim; i++) {
            v[i] = matrix.getFloat(base + i * Float.BYTES);
        }
        return v;
    }

    /** The little-endian float32 bytes of {@code v}. */
    static byte[] float32Bytes(float[] v) {
        ByteBuffer buffer = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            buffer.putFloat(x);
        }
        return buffer.array();
    }
}
