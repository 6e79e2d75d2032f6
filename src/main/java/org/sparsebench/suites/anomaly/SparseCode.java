package org.sparsebench.suites.anomaly;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.FirstConvLayer;
import org.sparsebench.api.InputShape;
import org.sparsebench.data.Floats;

/**
 * The sparse-coding view of a first conv layer on one image size: analysis {@code Dᵀx} (the
 * convolution, i.e. cross-correlation with the filters), synthesis {@code D a} (its exact adjoint,
 * the transposed convolution), the layer's code and the sparse-coding objective
 * {@code ½‖x − D a‖² + Σ_o λ_o ‖a_o‖₁}. Plain Java loops over {@code [C, H, W]} float64 arrays: at
 * stride 1 each output row is a sum of row correlations (unrolled for 3-wide kernels), the transposed
 * convolution a correlation with the reversed kernel rows, all-zero image and code rows (black
 * borders, thresholded codes) are skipped, and {@link #energies} reuses one scratch set per task; the
 * adjoint holds exactly for any stride and padding. Immutable; thread-safe.
 */
public final class SparseCode {
    private final int outC;
    private final int inC;
    private final int kh;
    private final int kw;
    private final double[] w; // [O, C, kH, kW]
    private final double[] negFlipped; // −w with each kernel row reversed: synthesis as a row correlation
    private final double[] lambda;
    private final int stride;
    private final int h;
    private final int wd;
    private final int oh;
    private final int ow;
    private final int padTop;
    private final int padLeft;
    private final int iterations;
    private final double step;
    private final boolean twoSided;
    /** Three rows per pass in {@link #correlateRows}; off only to test it against the one-row passes. */
    private final boolean rowGroups;

    public SparseCode(FirstConvLayer layer, InputShape shape) {
        this(layer, shape, true);
    }

    /** The same code without {@link #correlateRows}' three-row passes: the reference its tests compare with. */
    static SparseCode rowByRow(FirstConvLayer layer, InputShape shape) {
        return new SparseCode(layer, shape, false);
    }

    private SparseCode(FirstConvLayer layer, InputShape shape, boolean rowGroups) {
        this.rowGroups = rowGroups;
        INDArray f = layer.filters();
        if (f.rank() != 4 || f.size(1) != shape.channels()) {
            throw new IllegalArgumentException("filters must be [O, " + shape.channels() + ", kH, kW], got "
                    + java.util.Arrays.toString(f.shape()));
        }
        outC = (int) f.size(0);
        inC = (int) f.size(1);
        kh = (int) f.size(2);
        kw = (int) f.size(3);
        w = f.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        negFlipped = new double[w.length];
        for (int row = 0; row < w.length; row += kw) {
            for (int v = 0; v < kw; v++) {
                negFlipped[row + v] = -w[row + kw - 1 - v];
            }
        }
        lambda = layer.lambda().castTo(DataType.DOUBLE).dup('c').data().asDouble();
        if (lambda.length != outC) {
            throw new IllegalArgumentException("lambda has " + lambda.length + " entries for " + outC + " filters");
        }
        stride = layer.stride();
        h = shape.height();
        wd = shape.width();
        if (layer.samePadding()) {
            oh = (h + stride - 1) / stride;
            ow = (wd + stride - 1) / stride;
            padTop = Math.max((oh - 1) * stride + kh - h, 0) / 2;
            padLeft = Math.max((ow - 1) * stride + kw - wd, 0) / 2;
        } else {
            oh = (h - kh) / stride + 1;
            ow = (wd - kw) / stride + 1;
            padTop = 0;
            padLeft = 0;
        }
        iterations = layer.istaIterations();
        step = layer.istaStep();
        if (iterations > 0 && !(step > 0)) {
            throw new IllegalArgumentException("ISTA step must be positive with " + iterations + " iterations: " + step);
        }
        twoSided = layer.twoSided();
    }

    /** Length of a code {@code [O, H', W']}. */
    public int codeSize() {
        return outC * oh * ow;
    }

    /** {@code Dᵀx}: the convolution of one image {@code [C, H, W]} with the filters, {@code [O, H', W']}. */
    public double[] analysis(double[] x) {
        double[] z = new double[codeSize()];
        analysis(x, null, z);
        return z;
    }

    /** {@code D a}: the transposed convolution of a code {@code [O, H', W']}, an image {@code [C, H, W]}. */
    public double[] synthesis(double[] a) {
        double[] r = new double[inC * h * wd];
        residual(r, a, null, null);
        for (int i = 0; i < r.length; i++) {
            r[i] = -r[i];
        }
        return r;
    }

    /**
     * The layer's code of one image: {@code a = thr(Dᵀx, λ)} (one thresholding step), then the
     * layer's ISTA iterations {@code a ← thr(a + η Dᵀ(x − D a), ηλ)}; {@code thr(z, t)} is
     * {@code max(z − t, 0)}, or two-sided soft thresholding for a two-sided layer.
     */
    public double[] code(double[] x) {
        Work work = new Work();
        code(x, work);
        return work.a.clone();
    }

    /** {@code ½‖x − D a‖² + Σ_o λ_o ‖a_o‖₁}. */
    public double energy(double[] x, double[] a) {
        Work work = new Work();
        System.arraycopy(a, 0, work.a, 0, a.length);
        for (int r = 0; r < oh * outC; r++) {
            work.aRowNonZero[r] = true;
        }
        return energy(x, work);
    }

    /** The energy of each image's own code, for a batch {@code [N, C, H, W]} (images in parallel). */
    public double[] energies(INDArray x) {
        int n = (int) x.size(0);
        int d = inC * h * wd;
        if (x.length() != (long) n * d) {
            throw new IllegalArgumentException("expected images of " + inC + "x" + h + "x" + wd);
        }
        float[] all = Floats.of(x);
        double[] out = new double[n];
        // Images are independent and each writes its own slot: the same result on any number of threads
        // (the common fork-join pool, sized by --threads). One scratch set per thread.
        int chunks = (n + CHUNK - 1) / CHUNK;
        ThreadLocal<Work> scratch = ThreadLocal.withInitial(Work::new);
        java.util.stream.IntStream.range(0, chunks).parallel().forEach(c -> {
            Work work = scratch.get();
            double[] img = work.x;
            for (int i = c * CHUNK; i < Math.min(n, (c + 1) * CHUNK); i++) {
                for (int k = 0; k < d; k++) {
                    img[k] = all[i * d + k];
                }
                code(img, work);
                out[i] = energy(img, work);
            }
        });
        return out;
    }

    /** Images per parallel task in {@link #energies}. */
    private static final int CHUNK = 8;

    /** One image's scratch: code, gradient, residual and which code rows are non-zero. */
    private final class Work {
        final double[] a = new double[codeSize()];
        final double[] g = new double[codeSize()];
        final double[] r = new double[inC * h * wd];
        final boolean[] aRowNonZero = new boolean[outC * oh];
        final boolean[] xRowNonZero = new boolean[inC * h];
        final double[] x = new double[inC * h * wd];
    }

    private void code(double[] x, Work work) {
        for (int row = 0; row < inC * h; row++) {
            boolean any = false;
            for (int k = row * wd; k < (row + 1) * wd && !any; k++) {
                any = x[k] != 0;
            }
            work.xRowNonZero[row] = any;
        }
        double[] a = work.a;
        java.util.Arrays.fill(a, 0);
        analysis(x, work.xRowNonZero, a);
        threshold(a, 1.0, work.aRowNonZero);
        for (int t = 0; t < iterations; t++) {
            residual(work.r, a, x, work.aRowNonZero);
            double[] g = work.g;
            java.util.Arrays.fill(g, 0);
            analysis(work.r, null, g);
            for (int i = 0; i < a.length; i++) {
                a[i] += step * g[i];
            }
            threshold(a, step, work.aRowNonZero);
        }
    }

    private double energy(double[] x, Work work) {
        double[] a = work.a;
        residual(work.r, a, x, work.aRowNonZero);
        double residual = 0;
        for (double d : work.r) {
            residual += d * d;
        }
        double penalty = 0;
        int plane = oh * ow;
        for (int o = 0; o < outC; o++) {
            double l1 = 0;
            for (int i = o * plane; i < (o + 1) * plane; i++) {
                l1 += Math.abs(a[i]);
            }
            penalty += lambda[o] * l1;
        }
        return 0.5 * residual + penalty;
    }

    /**
     * {@code z += Dᵀx}, skipping input rows flagged all-zero in {@code xRowNonZero} (null: none
     * flagged): they add exact zeros.
     */
    private void analysis(double[] x, boolean[] xRowNonZero, double[] z) {
        if (stride != 1) {
            analysisStrided(x, z);
            return;
        }
        int[] inOffs = new int[inC * kh];
        int[] kOffs = new int[inC * kh];
        for (int o = 0; o < outC; o++) {
            for (int i = 0; i < oh; i++) {
                int zRow = (o * oh + i) * ow;
                int rows = 0;
                for (int c = 0; c < inC; c++) {
                    for (int u = 0; u < kh; u++) {
                        int y = i + u - padTop;
                        if (y < 0 || y >= h || xRowNonZero != null && !xRowNonZero[c * h + y]) {
                            continue;
                        }
                        inOffs[rows] = (c * h + y) * wd;
                        kOffs[rows++] = ((o * inC + c) * kh + u) * kw;
                    }
                }
                correlateRows(x, inOffs, wd, w, kOffs, rows, padLeft, z, zRow, ow);
            }
        }
    }

    /**
     * {@code r = x − D a} ({@code x} null: {@code r = −D a}), skipping code rows flagged all-zero in
     * {@code aRowNonZero} (null: none flagged). The transposed convolution is a correlation with the
     * reversed kernel rows.
     */
    private void residual(double[] r, double[] a, double[] x, boolean[] aRowNonZero) {
        if (x == null) {
            java.util.Arrays.fill(r, 0);
        } else {
            System.arraycopy(x, 0, r, 0, r.length);
        }
        if (stride != 1) {
            synthesisStrided(a, r);
            return;
        }
        int flippedPad = kw - 1 - padLeft;
        int[] aOffs = new int[outC * kh];
        int[] kOffs = new int[outC * kh];
        for (int c = 0; c < inC; c++) {
            for (int y = 0; y < h; y++) {
                int xRow = (c * h + y) * wd;
                int rows = 0;
                for (int o = 0; o < outC; o++) {
                    for (int u = 0; u < kh; u++) {
                        int i = y - u + padTop;
                        if (i < 0 || i >= oh || aRowNonZero != null && !aRowNonZero[o * oh + i]) {
                            continue;
                        }
                        aOffs[rows] = (o * oh + i) * ow;
                        kOffs[rows++] = ((o * inC + c) * kh + u) * kw;
                    }
                }
                correlateRows(a, aOffs, ow, negFlipped, kOffs, rows, flippedPad, r, xRow, wd);
            }
        }
    }

    /**
     * {@link #correlateRow} for {@code rows} input rows in turn (offsets {@code inOffs}, kernel rows
     * {@code kOffs}), all adding into the same output row. For 3-wide kernels three rows at a time share
     * one pass: each output entry stays in a register while the three rows' terms are added to it in the
     * order the one-row passes add them, so the sums are bit for bit those of {@link #correlateRow}.
     */
    private void correlateRows(double[] in, int[] inOffs, int inLen, double[] k, int[] kOffs, int rows, int pad,
            double[] out, int outOff, int outLen) {
        int r = 0;
        if (kw == 3 && rowGroups) {
            int lo = Math.min(outLen, Math.max(0, pad));
            int hi = Math.max(lo, Math.min(outLen, inLen - kw + 1 + pad));
            for (; r + 3 <= rows; r += 3) {
                int a = kOffs[r];
                int b = kOffs[r + 1];
                int c = kOffs[r + 2];
                for (int j = 0; j < lo; j++) {
                    double s = out[outOff + j];
                    s += edge(in, inOffs[r], inLen, k, a, pad, j);
                    s += edge(in, inOffs[r + 1], inLen, k, b, pad, j);
                    s += edge(in, inOffs[r + 2], inLen, k, c, pad, j);
                    out[outOff + j] = s;
                }
                double a0 = k[a];
                double a1 = k[a + 1];
                double a2 = k[a + 2];
                double b0 = k[b];
                double b1 = k[b + 1];
                double b2 = k[b + 2];
                double c0 = k[c];
                double c1 = k[c + 1];
                double c2 = k[c + 2];
                int pa = inOffs[r] - pad;
                int pb = inOffs[r + 1] - pad;
                int pc = inOffs[r + 2] - pad;
                for (int j = lo; j < hi; j++) {
                    double s = out[outOff + j];
                    s += a0 * in[pa + j] + a1 * in[pa + j + 1] + a2 * in[pa + j + 2];
                    s += b0 * in[pb + j] + b1 * in[pb + j + 1] + b2 * in[pb + j + 2];
                    s += c0 * in[pc + j] + c1 * in[pc + j + 1] + c2 * in[pc + j + 2];
                    out[outOff + j] = s;
                }
                for (int j = hi; j < outLen; j++) {
                    double s = out[outOff + j];
                    s += edge(in, inOffs[r], inLen, k, a, pad, j);
                    s += edge(in, inOffs[r + 1], inLen, k, b, pad, j);
                    s += edge(in, inOffs[r + 2], inLen, k, c, pad, j);
                    out[outOff + j] = s;
                }
            }
        }
        for (; r < rows; r++) {
            correlateRow(in, inOffs[r], inLen, k, kOffs[r], pad, out, outOff, outLen);
        }
    }

    /** True when the {@code ow} code values from {@code from} are all zero (they add exact zeros). */
    private boolean isZeroRow(double[] a, int from) {
        for (int j = from; j < from + ow; j++) {
            if (a[j] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code out[outOff + j] += Σ_v k[kOff + v] · in[inOff + j + v − pad]} for {@code j < outLen},
     * with {@code in} zero outside {@code [0, inLen)}. Unrolled for kernel width 3.
     */
    private void correlateRow(double[] in, int inOff, int inLen, double[] k, int kOff, int pad, double[] out,
            int outOff, int outLen) {
        // interior: every tap inside the row
        int lo = Math.min(outLen, Math.max(0, pad));
        int hi = Math.max(lo, Math.min(outLen, inLen - kw + 1 + pad));
        for (int j = 0; j < lo; j++) {
            out[outOff + j] += edge(in, inOff, inLen, k, kOff, pad, j);
        }
        int base = inOff - pad;
        if (kw == 3) {
            double k0 = k[kOff];
            double k1 = k[kOff + 1];
            double k2 = k[kOff + 2];
            for (int j = lo; j < hi; j++) {
                int p = base + j;
                out[outOff + j] += k0 * in[p] + k1 * in[p + 1] + k2 * in[p + 2];
            }
        } else {
            for (int v = 0; v < kw; v++) {
                double kv = k[kOff + v];
                int p = base + v;
                for (int j = lo; j < hi; j++) {
                    out[outOff + j] += kv * in[p + j];
                }
            }
        }
        for (int j = hi; j < outLen; j++) {
            out[outOff + j] += edge(in, inOff, inLen, k, kOff, pad, j);
        }
    }

    private double edge(double[] in, int inOff, int inLen, double[] k, int kOff, int pad, int j) {
        double s = 0;
        for (int v = 0; v < kw; v++) {
            int q = j + v - pad;
            if (q >= 0 && q < inLen) {
                s += k[kOff + v] * in[inOff + q];
            }
        }
        return s;
    }

    /** {@code z += Dᵀx} for stride > 1. */
    private void analysisStrided(double[] x, double[] z) {
        for (int o = 0; o < outC; o++) {
            for (int c = 0; c < inC; c++) {
                for (int u = 0; u < kh; u++) {
                    for (int v = 0; v < kw; v++) {
                        double wt = w[((o * inC + c) * kh + u) * kw + v];
                        if (wt == 0) {
                            continue;
                        }
                        for (int i = 0; i < oh; i++) {
                            int y = i * stride + u - padTop;
                            if (y < 0 || y >= h) {
                                continue;
                            }
                            int zRow = (o * oh + i) * ow;
                            int xRow = (c * h + y) * wd + v - padLeft;
                            int hi = jHi(v);
                            for (int j = jLo(v); j < hi; j++) {
                                z[zRow + j] += wt * x[xRow + j * stride];
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code x −= D a} for stride > 1. */
    private void synthesisStrided(double[] a, double[] x) {
        for (int o = 0; o < outC; o++) {
            for (int c = 0; c < inC; c++) {
                for (int u = 0; u < kh; u++) {
                    for (int v = 0; v < kw; v++) {
                        double wt = w[((o * inC + c) * kh + u) * kw + v];
                        if (wt == 0) {
                            continue;
                        }
                        for (int i = 0; i < oh; i++) {
                            int y = i * stride + u - padTop;
                            if (y < 0 || y >= h) {
                                continue;
                            }
                            int aRow = (o * oh + i) * ow;
                            int xRow = (c * h + y) * wd + v - padLeft;
                            int hi = jHi(v);
                            for (int j = jLo(v); j < hi; j++) {
                                x[xRow + j * stride] -= wt * a[aRow + j];
                            }
                        }
                    }
                }
            }
        }
    }

    /** First output column j whose input column {@code j·stride + v − padLeft} is ≥ 0. */
    private int jLo(int v) {
        int need = padLeft - v;
        return need <= 0 ? 0 : (need + stride - 1) / stride;
    }

    /** One past the last output column whose input column is < W. */
    private int jHi(int v) {
        int last = wd - 1 + padLeft - v;
        return last < 0 ? 0 : Math.min(ow, last / stride + 1);
    }

    /** In place: {@code a ← thr(a − scale·λ)} per channel; records which code rows are non-zero. */
    private void threshold(double[] a, double scale, boolean[] rowNonZero) {
        int plane = oh * ow;
        for (int o = 0; o < outC; o++) {
            double t = scale * lambda[o];
            for (int i = o * plane; i < (o + 1) * plane; i++) {
                if (twoSided) {
                    double m = Math.abs(a[i]) - t;
                    a[i] = m > 0 ? Math.copySign(m, a[i]) : 0;
                } else {
                    a[i] = Math.max(a[i] - t, 0);
                }
            }
        }
        for (int row = 0; row < outC * oh; row++) {
            rowNonZero[row] = !isZeroRow(a, row * ow);
        }
    }
}
