package org.sparsebench.sparse;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.data.Floats;

/**
 * The per-sample sparse-coding objective {@code ½‖x − D a‖² + Σ λ_c |a|} of a convolutional
 * dictionary (OIHW filters of a SAME-padded stride-1 convolution with odd kernel), as
 * {@link ConvDictionary#objective} defines it, in plain Java loops with float64 accumulation: libnd4j
 * runs float64 convolutions several times slower than these loops (see {@link #sample}). Samples are
 * evaluated in parallel on the common fork-join pool, each into its own slot, so the values do not
 * depend on the thread count. Immutable.
 */
final class ConvObjective {
    private final double[] filters; // OIHW
    private final double[] lambda;
    private final int atoms;
    private final int channels;
    private final int k;

    /**
     * @param filters OIHW {@code [out, in, k, k]} with odd {@code k}
     * @param lambda  {@code [out]} penalty weights, broadcast over positions
     */
    ConvObjective(INDArray filters, INDArray lambda) {
        long[] s = filters.shape();
        if (s.length != 4 || s[2] != s[3] || s[2] % 2 == 0 || lambda.length() != s[0]) {
            throw new IllegalArgumentException("filters must be [out, in, k, k] with odd k and lambda [out], got "
                    + Arrays.toString(s) + " and " + Arrays.toString(lambda.shape()));
        }
        this.filters = host(filters);
        this.lambda = host(lambda);
        this.atoms = (int) s[0];
        this.channels = (int) s[1];
        this.k = (int) s[2];
    }

    /** Objective per sample of codes {@code a [N, out, H, W]} for inputs {@code x [N, in, H, W]}. */
    double[] perSample(INDArray x, INDArray a) {
        int n = (int) x.size(0);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        if (x.rank() != 4 || x.size(1) != channels || a.rank() != 4 || a.size(0) != n || a.size(1) != atoms
                || a.size(2) != h || a.size(3) != w) {
            throw new IllegalArgumentException("x " + Arrays.toString(x.shape()) + " and a " + Arrays.toString(a.shape())
                    + " do not fit filters [" + atoms + ", " + channels + ", " + k + ", " + k + "]");
        }
        double[] xs = host(x);
        double[] as = host(a);
        double[] out = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> out[i] = sample(xs, as, i, h, w));
        return out;
    }

    /**
     * One sample. {@code D a} is a gather, {@code (D a)[c, y, x] = Σ_{o,u,t} W[o,c,u,t] · a[o, y−u+p, x−t+p]};
     * with the code plane zero-padded by p on every side and rows of the padded width {@code w + 2p}, each
     * filter tap is one shifted multiply-add over the whole plane (one long contiguous loop, which the
     * JIT vectorizes); the pad columns of the result are computed and ignored.
     */
    private double sample(double[] xs, double[] as, int n, int h, int w) {
        int p = k / 2;
        int stride = w + 2 * p;
        int span = h * stride;
        double[] padded = new double[(h + 2 * p) * stride + 2 * p];
        double[] da = new double[channels * span];
        double penalty = 0;
        for (int o = 0; o < atoms; o++) {
            int code = (n * atoms + o) * h * w;
            double l1 = 0;
            for (int y = 0; y < h; y++) {
                int to = (y + p) * stride + p;
                for (int x = 0; x < w; x++) {
                    double v = as[code + y * w + x];
                    padded[to + x] = v;
                    l1 += Math.abs(v);
                }
            }
            if (l1 == 0) {
                continue; // a code plane of zeros (a silent atom) adds nothing
            }
            penalty += lambda[o] * l1;
            for (int c = 0; c < channels; c++) {
                int f = (o * channels + c) * k * k;
                int out = c * span;
                if (k == 3) {
                    gather3(filters, f, padded, stride, da, out, span);
                    continue;
                }
                for (int u = 0; u < k; u++) {
                    for (int t = 0; t < k; t++) {
                        double wt = filters[f + u * k + t];
                        int off = (2 * p - u) * stride + 2 * p - t;
                        for (int j = 0; j < span; j++) {
                            da[out + j] += wt * padded[j + off];
                        }
                    }
                }
            }
        }
        double sq = 0;
        int in = n * channels * h * w;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                int row = c * span + y * stride;
                int xrow = in + (c * h + y) * w;
                for (int x = 0; x < w; x++) {
                    double e = xs[xrow + x] - da[row + x];
                    sq += e * e;
                }
            }
        }
        return 0.5 * sq + penalty;
    }

    /**
     * The general loop of {@link #sample} for a 3×3 filter: all nine taps of one code plane added to an
     * entry of {@code da} in one pass, in the general loop's tap order ({@code u}, then {@code t}), so
     * the sums are bit for bit the same; the entry stays in a register instead of being loaded and
     * stored once per tap.
     */
    private static void gather3(double[] filters, int f, double[] padded, int stride, double[] da, int out,
            int span) {
        double w00 = filters[f];
        double w01 = filters[f + 1];
        double w02 = filters[f + 2];
        double w10 = filters[f + 3];
        double w11 = filters[f + 4];
        double w12 = filters[f + 5];
        double w20 = filters[f + 6];
        double w21 = filters[f + 7];
        double w22 = filters[f + 8];
        // off(u, t) = (2 − u)·stride + 2 − t
        int r0 = 2 * stride;
        int r1 = stride;
        for (int j = 0; j < span; j++) {
            double s = da[out + j];
            s += w00 * padded[j + r0 + 2];
            s += w01 * padded[j + r0 + 1];
            s += w02 * padded[j + r0];
            s += w10 * padded[j + r1 + 2];
            s += w11 * padded[j + r1 + 1];
            s += w12 * padded[j + r1];
            s += w20 * padded[j + 2];
            s += w21 * padded[j + 1];
            s += w22 * padded[j];
            da[out + j] = s;
        }
    }

    /** The entries of {@code a} in C order as float64 (float32 values convert exactly). */
    private static double[] host(INDArray a) {
        if (a.dataType() == DataType.FLOAT) {
            float[] f = Floats.of(a);
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }
}
