package dev.librarian.vector;

/**
 * IEEE 754 binary16 ("half precision", numpy {@code float16}) conversion, which Java 17 lacks. Conversion from
 * float rounds to nearest, ties to even, produces subnormals, signed zeros and infinities on overflow, and keeps NaN
 * a (quiet) NaN; conversion back to float is exact.
 */
public final class Float16 {

    private Float16() {
    }

    /** The half-precision bit pattern nearest to {@code f}. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7F_FFFF;

        if (exponent == 0xFF) {
            // infinity stays infinity; NaN keeps its top payload bits and is forced quiet
            return (short) (mantissa == 0 ? sign | 0x7C00 : sign | 0x7E00 | (mantissa >>> 13));
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (halfExponent <= 0) {
            if (halfExponent < -10) {
                return (short) sign; // below half the smallest subnormal: rounds to (signed) zero
            }
            int significand = mantissa | 0x80_0000;
            int shift = 14 - halfExponent;
            // a carry out of the subnormal range lands exactly on the smallest normal number
            return (short) (sign | roundShift(significand, shift));
        }
        int half = sign | (halfExponent << 10) | (mantissa >>> 13);
        int remainder = mantissa & 0x1FFF;
        if (remainder > 0x1000 || (remainder == 0x1000 && (half & 1) == 1)) {
            half++; // may carry into the exponent, up to infinity: that is the correct rounding
        }
        return (short) half;
    }

    /** The exact float value of the half-precision bit pattern {@code h}. */
    public static float toFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f; // zero or subnormal, exact
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static int roundShift(int value, int shift) {
        int result = value >>> shift;
        int remainder = value & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (remainder > halfway || (remainder == halfway && (result & 1) == 1)) {
            result++;
        }
        return result;
    }
}
