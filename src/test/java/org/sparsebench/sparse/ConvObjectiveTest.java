package org.sparsebench.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ConvObjective} (Java loops over the non-zero code entries) against two independent
 * computations of the same objective: the previous implementation, {@link ConvDictionary#objective}
 * (libnd4j float64 convolutions), and {@link Reference#objective} over the explicit dictionary matrix.
 * Stated tolerance: 1e-10 relative (the sums differ only in float64 summation order).
 */
class ConvObjectiveTest {
    private static final double TOL = 1e-10;

    @Test
    void equalsThePreviousNd4jImplementationOnSparseFloatCodes() {
        // The shapes of ista-cnn's three layers (in 1/16/32, out 16/32/64, 3×3) at small sizes, plus a 5×5
        // non-square case; codes are ReLU'd Gaussians (about half zero), float32 like a model's trace.
        int[][] cases = {{1, 16, 3, 28, 28}, {16, 32, 3, 14, 14}, {32, 64, 3, 7, 7}, {3, 4, 5, 6, 9}};
        SplittableRandom rng = new SplittableRandom(7);
        for (int[] c : cases) {
            int in = c[0];
            int out = c[1];
            int k = c[2];
            int n = 5;
            INDArray filters = gaussian(rng, DataType.FLOAT, out, in, k, k);
            INDArray bias = gaussian(rng, DataType.FLOAT, out);
            INDArray x = gaussian(rng, DataType.FLOAT, n, in, c[3], c[4]);
            INDArray a = org.nd4j.linalg.ops.transforms.Transforms.relu(gaussian(rng, DataType.FLOAT, n, out, c[3], c[4]),
                    false);
            INDArray lambda = bias.castTo(DataType.DOUBLE).neg();
            double[] expected = ConvDictionary.of(filters.castTo(DataType.DOUBLE))
                    .objective(x.castTo(DataType.DOUBLE), a.castTo(DataType.DOUBLE), lambda);
            double[] got = new ConvObjective(filters, lambda).perSample(x, a);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], got[i], TOL * Math.abs(expected[i]),
                        "case " + java.util.Arrays.toString(c) + " sample " + i);
            }
        }
    }

    @Test
    void threeByThreePathIsBitIdenticalToTheGeneralLoop() {
        // ConvObjective's 3×3 path adds the nine taps in a register; the expected values come from the
        // general per-tap loop it replaced (kept below, as it was), which must give the very same bits:
        // results.json's diagnostics may not move. ista-cnn's layer shapes, one- and two-sided codes.
        int[][] cases = {{1, 16, 28, 28}, {16, 32, 14, 14}, {32, 64, 7, 7}, {2, 3, 5, 9}};
        SplittableRandom rng = new SplittableRandom(23);
        for (int[] c : cases) {
            int n = 3;
            INDArray filters = gaussian(rng, DataType.FLOAT, c[1], c[0], 3, 3);
            INDArray lambda = gaussian(rng, DataType.FLOAT, c[1]).castTo(DataType.DOUBLE);
            INDArray x = gaussian(rng, DataType.FLOAT, n, c[0], c[2], c[3]);
            INDArray twoSided = gaussian(rng, DataType.FLOAT, n, c[1], c[2], c[3]);
            INDArray relu = org.nd4j.linalg.ops.transforms.Transforms.relu(twoSided, true);
            for (INDArray a : new INDArray[] {relu, twoSided}) {
                double[] got = new ConvObjective(filters, lambda).perSample(x, a);
                for (int i = 0; i < n; i++) {
                    double expected = generalLoop(filters, lambda, x, a, i);
                    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(got[i]),
                            "case " + java.util.Arrays.toString(c) + " sample " + i + ": " + expected + " vs " + got[i]);
                }
            }
        }
    }

    /** ConvObjective.sample before the 3×3 path: one pass over the plane per filter tap. */
    private static double generalLoop(INDArray filterArray, INDArray lambdaArray, INDArray xArray, INDArray aArray,
            int n) {
        double[] filters = filterArray.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] lambda = lambdaArray.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] xs = xArray.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] as = aArray.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int atoms = (int) filterArray.size(0);
        int channels = (int) filterArray.size(1);
        int k = (int) filterArray.size(2);
        int h = (int) xArray.size(2);
        int w = (int) xArray.size(3);
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
                continue;
            }
            penalty += lambda[o] * l1;
            for (int c = 0; c < channels; c++) {
                int f = (o * channels + c) * k * k;
                int out = c * span;
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

    @Test
    void equalsTheExplicitMatrixObjectiveForTwoSidedDoubleCodes() {
        // Soft-thresholded codes may be negative; a float64 trace takes the non-float path.
        SplittableRandom rng = new SplittableRandom(11);
        int in = 2;
        int out = 3;
        int k = 3;
        int h = 5;
        int w = 4;
        double[][][][] wt = Reference.randomFilters(rng, out, in, k);
        INDArray filters = Nd4j.create(DataType.DOUBLE, out, in, k, k);
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int u = 0; u < k; u++) {
                    for (int v = 0; v < k; v++) {
                        filters.putScalar(new long[] {o, i, u, v}, wt[o][i][u][v]);
                    }
                }
            }
        }
        INDArray x = gaussian(rng, DataType.DOUBLE, 2, in, h, w);
        INDArray a = gaussian(rng, DataType.DOUBLE, 2, out, h, w);
        a.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(1)).assign(0);
        double[] lam = {0.3, 0.1, 0.7};
        double[][] d = Reference.dictionary(wt, h, w);
        double[] lamPerCode = new double[out * h * w];
        for (int j = 0; j < lamPerCode.length; j++) {
            lamPerCode[j] = lam[j / (h * w)];
        }
        double[] got = new ConvObjective(filters, Nd4j.createFromArray(lam)).perSample(x, a);
        for (int s = 0; s < 2; s++) {
            double expected = Reference.objective(d, x.slice(s).dup('c').reshape(-1).toDoubleVector(),
                    a.slice(s).dup('c').reshape(-1).toDoubleVector(), lamPerCode);
            assertEquals(expected, got[s], TOL * expected, "sample " + s);
        }
    }

    @Test
    void identityDictionaryHasTheClosedForm() {
        // A 1×1 identity filter: ½‖x − a‖² + λ Σ|a|; x = 1 everywhere, a = 0.5 at 3 of 4 pixels, λ = 2:
        // ½ (3 · 0.25 + 1) + 2 · 1.5 = 3.875
        INDArray filters = Nd4j.ones(DataType.FLOAT, 1, 1, 1, 1);
        INDArray x = Nd4j.ones(DataType.FLOAT, 1, 1, 2, 2);
        INDArray a = Nd4j.createFromArray(new float[] {0.5f, 0.5f, 0.5f, 0f}).reshape(1, 1, 2, 2);
        assertEquals(3.875, new ConvObjective(filters, Nd4j.createFromArray(2.0)).perSample(x, a)[0], 1e-15);
    }

    @Test
    void rejectsCodesThatDoNotFitTheFilters() {
        ConvObjective f = new ConvObjective(Nd4j.ones(DataType.FLOAT, 4, 2, 3, 3), Nd4j.zeros(DataType.DOUBLE, 4));
        assertThrows(IllegalArgumentException.class,
                () -> f.perSample(Nd4j.ones(DataType.FLOAT, 1, 2, 5, 5), Nd4j.ones(DataType.FLOAT, 1, 3, 5, 5)));
        assertThrows(IllegalArgumentException.class,
                () -> new ConvObjective(Nd4j.ones(DataType.FLOAT, 4, 2, 2, 2), Nd4j.zeros(DataType.DOUBLE, 4)));
    }

    private static INDArray gaussian(SplittableRandom rng, DataType type, long... shape) {
        long len = 1;
        for (long s : shape) {
            len *= s;
        }
        double[] v = new double[(int) len];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(type);
    }
}
