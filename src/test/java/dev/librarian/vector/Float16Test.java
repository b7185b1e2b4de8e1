package dev.librarian.vector;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Float16Test {

    private static int bits(float f) {
        return Float16.fromFloat(f) & 0xFFFF;
    }

    @Test
    void knownValues() {
        assertEquals(0x3C00, bits(1.0f));
        assertEquals(0xC000, bits(-2.0f));
        assertEquals(0x7BFF, bits(65504f));
        assertEquals(0x0000, bits(0f));
        assertEquals(0x8000, bits(-0f));
        assertEquals(0x0400, bits(0x1p-14f), "smallest normal");
        assertEquals(0x0001, bits(0x1p-24f), "smallest subnormal");
        assertEquals(0x0000, bits(1e-8f), "below half the smallest subnormal");
        assertEquals(0x7C00, bits(Float.POSITIVE_INFINITY));
        assertEquals(0xFC00, bits(Float.NEGATIVE_INFINITY));
        int nan = bits(Float.NaN);
        assertEquals(0x7C00, nan & 0x7C00);
        assertTrue((nan & 0x03FF) != 0);
    }

    @Test
    void matchesNumpyRounding() {
        // np.array([v], dtype=np.float32).astype(np.float16).view(np.uint16)
        assertEquals(0x2E66, bits(0.1f));
        assertEquals(0xC248, bits(-3.14159f));
        assertEquals(0x00A8, bits(1e-5f));
        assertEquals(0x7C00, bits(70000f), "overflow to infinity");
        assertEquals(0x0001, bits(5.96e-8f));
        assertEquals(0x0001, bits(3.0e-8f));
        assertEquals(0x0000, bits(0x1p-25f), "tie rounds to even (zero)");
        assertEquals(0x3C00, bits(1 + 0x1p-11f), "tie rounds to even (down)");
        assertEquals(0x3C02, bits(1 + 3 * 0x1p-11f), "tie rounds to even (up)");
        assertEquals(0x3555, bits(0.333333f));
        assertEquals(0x7BFF, bits(65519f));
        assertEquals(0x7C00, bits(65520f));
        assertEquals(0x03FF, bits(6.1e-5f), "largest subnormal");
    }

    @Test
    void toFloatKnownValues() {
        assertEquals(1.0f, Float16.toFloat((short) 0x3C00));
        assertEquals(-2.0f, Float16.toFloat((short) 0xC000));
        assertEquals(65504f, Float16.toFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, Float16.toFloat((short) 0x0001));
        assertEquals(Float.NEGATIVE_INFINITY, Float16.toFloat((short) 0xFC00));
        assertTrue(Float.isNaN(Float16.toFloat((short) 0x7E00)));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(Float16.toFloat((short) 0x8000)));
    }

    @Test
    void everyHalfValueRoundTrips() {
        for (int h = 0; h <= 0xFFFF; h++) {
            float f = Float16.toFloat((short) h);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(f))));
            } else {
                assertEquals(h, Float16.fromFloat(f) & 0xFFFF, "pattern " + Integer.toHexString(h));
            }
        }
    }

    @Test
    void roundingErrorIsWithinHalfAUnit() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 100_000; i++) {
            float f = (random.nextFloat() * 2 - 1) * 1000;
            float back = Float16.toFloat(Float16.fromFloat(f));
            assertTrue(Math.abs(back - f) <= Math.abs(f) * 0x1p-11f + 0x1p-25f, f + " -> " + back);
        }
    }
}
