package org.sparsebench.sparse;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-sample sparse-coding objective {@code ½‖x − D a‖² + Σ λ_c |a|} of a convolutional
 * dictionary (OIHW filters of a SAME-padded stride-1 convolution with odd kernel), as
 * {@link ConvDictionary#objective} defines it, in plain Java loops with float64 accumulation: libnd4j
 * runs float64 convolutions several times slower than these loops, and a code is sparse, so
 * {@code D a} is accumulated as a scatter of the code's non-zero entries only. Samples are
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

    private double sample(double[] xs, double[] as, int n, int h, int w) {
        int plane = h * w;
        int p = k / 2;
        double[] r = Arrays.copyOfRange(xs, n * channels * plane, (n + 1) * channels * plane);
        double penalty = 0;
        int base = n * atoms * plane;
        for (int o = 0; o < atoms; o++) {
            double lam = lambda[o];
            for (int y = 0; y < h; y++) {
                int u0 = Math.max(0, p - y);
                int u1 = Math.min(k, h + p - y);
                for (int x = 0; x < w; x++) {
                    double v = as[base + o * plane + y * w + x];
                    if (v == 0) {
                        continue;
                    }
                    penalty += lam * Math.abs(v);
                    int v0 = Math.max(0, p - x);
                    int v1 = Math.min(k, w + p - x);
                    // (D a)[c, y + u - p, x + t - p] += a[o, y, x] · W[o, c, u, t]
                    for (int c = 0; c < channels; c++) {
                        int f = (o * channels + c) * k * k;
                        int rc = c * plane;
                        for (int u = u0; u < u1; u++) {
                            int row = rc + (y + u - p) * w + x - p;
                            int fu = f + u * k;
                            for (int t = v0; t < v1; t++) {
                                r[row + t] -= v * filters[fu + t];
                            }
                        }
                    }
                }
            }
        }
        double sq = 0;
        for (double e : r) {
            sq += e * e;
        }
        return 0.5 * sq + penalty;
    }

    /** The entries of {@code a} in C order as float64 (float32 values convert exactly). */
    private static double[] host(INDArray a) {
        if (a.dataType() == DataType.FLOAT) {
            INDArray c = a.ordering() == 'c' && !a.isView() && a.data().length() == a.length() ? a : a.dup('c');
            float[] f = c.data().asFloat();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }
}
