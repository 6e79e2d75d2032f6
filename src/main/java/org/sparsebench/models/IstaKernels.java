package org.sparsebench.models;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise work of {@link EagerCnn}'s unrolled-ISTA layers, each fused into one pass over the
 * native buffers (the samples' chunks in parallel on the common fork-join pool) instead of two or three
 * libnd4j passes with a full-size intermediate each:
 * <ul>
 * <li>{@link #step}: {@code out = relu(a + η (zb − u))} — libnd4j's {@code rsub}, {@code axpy} and
 * {@code relu} in that order of operations;</li>
 * <li>{@link #mask}: {@code gs = [code > 0] · (g + h)} (or {@code [code > 0] · g}) — an {@code add}
 * followed by ReLU's backward {@code sign(code) · g} for a code {@code ≥ 0}.</li>
 * </ul>
 * Same values as the unfused ops: {@code relu} keeps libnd4j's {@code x < 0 ? 0 : x} (NaN passes), the
 * mask is libnd4j's {@code sign} (0 for NaN and ±0), multiplied like {@code muli}, so 0 · NaN is NaN as
 * there. The only possible difference is libnd4j contracting {@code a + η·v} into one fused multiply-add
 * (up to one ulp of the larger operand). Arrays must be dense row-major buffers of the same length and data type (float or double,
 * {@link #fusable}); {@link EagerCnn} allocates its ISTA buffers that way and only takes float or double graphs.
 */
final class IstaKernels {
    /** Elements per parallel chunk: large enough that the fork-join overhead is noise. */
    private static final int CHUNK = 1 << 15;

    private IstaKernels() {
    }

    /** True when every array is a dense, offset-free, row-major buffer of one floating-point type and length. */
    static boolean fusable(INDArray... arrays) {
        DataType t = arrays[0].dataType();
        long n = arrays[0].length();
        if (t != DataType.FLOAT && t != DataType.DOUBLE) {
            return false;
        }
        for (INDArray a : arrays) {
            if (a.dataType() != t || a.length() != n || a.ordering() != 'c' || a.offset() != 0
                    || a.elementWiseStride() != 1 || a.data().length() < n || n > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** {@code out = relu(a + η (zb − u))}; {@code out} may be {@code u}. */
    static void step(INDArray a, INDArray zb, INDArray u, double eta, INDArray out) {
        require(a, zb, u, out);
        int n = (int) a.length();
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer fa = floats(a);
            FloatBuffer fz = floats(zb);
            FloatBuffer fu = floats(u);
            FloatBuffer fo = floats(out);
            float e = (float) eta;
            chunks(n, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    float v = fa.get(i) + e * (fz.get(i) - fu.get(i));
                    fo.put(i, v < 0f ? 0f : v);
                }
            });
        } else {
            DoubleBuffer da = doubles(a);
            DoubleBuffer dz = doubles(zb);
            DoubleBuffer du = doubles(u);
            DoubleBuffer dout = doubles(out);
            chunks(n, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    double v = da.get(i) + eta * (dz.get(i) - du.get(i));
                    dout.put(i, v < 0 ? 0 : v);
                }
            });
        }
    }

    /**
     * {@code gs = [code > 0] · (g + h)}, or {@code [code > 0] · g} when {@code h} is null; {@code gs} may be
     * {@code g} or {@code h}.
     */
    static void mask(INDArray code, INDArray g, INDArray h, INDArray gs) {
        require(h == null ? new INDArray[] {code, g, gs} : new INDArray[] {code, g, h, gs});
        int n = (int) code.length();
        if (code.dataType() == DataType.FLOAT) {
            FloatBuffer fc = floats(code);
            FloatBuffer fg = floats(g);
            FloatBuffer fh = h == null ? null : floats(h);
            FloatBuffer fs = floats(gs);
            chunks(n, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    float v = fh == null ? fg.get(i) : fg.get(i) + fh.get(i);
                    fs.put(i, (fc.get(i) > 0f ? 1f : 0f) * v);
                }
            });
        } else {
            DoubleBuffer dc = doubles(code);
            DoubleBuffer dg = doubles(g);
            DoubleBuffer dh = h == null ? null : doubles(h);
            DoubleBuffer ds = doubles(gs);
            chunks(n, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    double v = dh == null ? dg.get(i) : dg.get(i) + dh.get(i);
                    ds.put(i, (dc.get(i) > 0 ? 1.0 : 0.0) * v);
                }
            });
        }
    }

    private static void require(INDArray... arrays) {
        if (!fusable(arrays)) {
            throw new IllegalArgumentException("IstaKernels needs dense row-major float or double buffers of one length");
        }
    }

    private interface Range {
        void run(int lo, int hi);
    }

    private static void chunks(int n, Range body) {
        int count = (n + CHUNK - 1) / CHUNK;
        if (count <= 1) {
            body.run(0, n);
            return;
        }
        IntStream.range(0, count).parallel().forEach(c -> body.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
    }

    private static FloatBuffer floats(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static DoubleBuffer doubles(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
    }
}
