package org.sparsebench.suites.anomaly;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.FirstConvLayer;
import org.sparsebench.api.InputShape;

/**
 * The plain loops {@link SparseCode} had before it was optimized (row correlations, skipped zero
 * rows, per-thread scratch), kept verbatim as an independent implementation for
 * {@code SparseCodeEquivalenceTest}: per-(filter tap) passes over whole planes, fresh arrays per step.
 */
final class SparseCodeReference {
    private final int outC;
    private final int inC;
    private final int kh;
    private final int kw;
    private final double[] w; // [O, C, kH, kW]
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

    SparseCodeReference(FirstConvLayer layer, InputShape shape) {
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
                            if (stride == 1) {
                                for (int j = jLo(v); j < hi; j++) {
                                    z[zRow + j] += wt * x[xRow + j];
                                }
                            } else {
                                for (int j = jLo(v); j < hi; j++) {
                                    z[zRow + j] += wt * x[xRow + j * stride];
                                }
                            }
                        }
                    }
                }
            }
        }
        return z;
    }

    /** {@code D a}: the transposed convolution of a code {@code [O, H', W']}, an image {@code [C, H, W]}. */
    public double[] synthesis(double[] a) {
        double[] x = new double[inC * h * wd];
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
                            if (stride == 1) {
                                for (int j = jLo(v); j < hi; j++) {
                                    x[xRow + j] += wt * a[aRow + j];
                                }
                            } else {
                                for (int j = jLo(v); j < hi; j++) {
                                    x[xRow + j * stride] += wt * a[aRow + j];
                                }
                            }
                        }
                    }
                }
            }
        }
        return x;
    }

    /**
     * The layer's code of one image: {@code a = thr(Dᵀx, λ)} (one thresholding step), then the
     * layer's ISTA iterations {@code a ← thr(a + η Dᵀ(x − D a), ηλ)}; {@code thr(z, t)} is
     * {@code max(z − t, 0)}, or two-sided soft thresholding for a two-sided layer.
     */
    public double[] code(double[] x) {
        double[] a = analysis(x);
        threshold(a, 1.0);
        for (int t = 0; t < iterations; t++) {
            double[] r = synthesis(a);
            for (int i = 0; i < r.length; i++) {
                r[i] = x[i] - r[i];
            }
            double[] g = analysis(r);
            for (int i = 0; i < a.length; i++) {
                a[i] += step * g[i];
            }
            threshold(a, step);
        }
        return a;
    }

    /** {@code ½‖x − D a‖² + Σ_o λ_o ‖a_o‖₁}. */
    public double energy(double[] x, double[] a) {
        double[] r = synthesis(a);
        double residual = 0;
        for (int i = 0; i < r.length; i++) {
            double d = x[i] - r[i];
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

    /** The energy of each image's own code, for a batch {@code [N, C, H, W]} (images in parallel). */
    public double[] energies(INDArray x) {
        int n = (int) x.size(0);
        int d = inC * h * wd;
        if (x.length() != (long) n * d) {
            throw new IllegalArgumentException("expected images of " + inC + "x" + h + "x" + wd);
        }
        double[] all = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] out = new double[n];
        // Images are independent and each writes its own slot: the same result on any number of threads
        // (the common fork-join pool, sized by --threads).
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            double[] img = java.util.Arrays.copyOfRange(all, i * d, (i + 1) * d);
            out[i] = energy(img, code(img));
        });
        return out;
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

    /** In place: {@code a ← thr(a − scale·λ)} per channel. */
    private void threshold(double[] a, double scale) {
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
    }
}
