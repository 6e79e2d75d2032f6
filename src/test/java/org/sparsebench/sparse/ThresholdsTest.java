package org.sparsebench.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Orthogonal dictionary: one thresholding step of the graph equals the optimum of the sparse-coding
 * problem found by an independent iterative solver ({@link Reference#lasso}, coordinate descent on the
 * explicit matrix D), for the two-sided (soft), non-negative and ReLU(Dᵀx − λ) forms.
 */
class ThresholdsTest {
    static final int C = 3;
    static final int H = 4;

    /** A random orthogonal C×C matrix (Gram–Schmidt of a Gaussian matrix) as 1×1 filters: D is orthogonal. */
    static double[][][][] orthogonalFilters(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] q = new double[C][C];
        for (int i = 0; i < C; i++) {
            for (int j = 0; j < C; j++) {
                q[i][j] = rng.nextGaussian();
            }
            for (int p = 0; p < i; p++) {
                double dot = 0;
                for (int j = 0; j < C; j++) {
                    dot += q[i][j] * q[p][j];
                }
                for (int j = 0; j < C; j++) {
                    q[i][j] -= dot * q[p][j];
                }
            }
            double n = 0;
            for (int j = 0; j < C; j++) {
                n += q[i][j] * q[i][j];
            }
            for (int j = 0; j < C; j++) {
                q[i][j] /= Math.sqrt(n);
            }
        }
        double[][][][] w = new double[C][C][1][1];
        for (int o = 0; o < C; o++) {
            for (int i = 0; i < C; i++) {
                w[o][i][0][0] = q[o][i];
            }
        }
        return w;
    }

    @Test
    void oneStepIsTheSparseCodeForAnOrthogonalDictionary() {
        double[][][][] w = orthogonalFilters(3);
        double[][] d = Reference.dictionary(w, H, H);
        // the dictionary really is orthogonal: DᵀD = I
        for (int a = 0; a < d[0].length; a++) {
            for (int b = 0; b < d[0].length; b++) {
                double dot = 0;
                for (double[] row : d) {
                    dot += row[a] * row[b];
                }
                assertEquals(a == b ? 1 : 0, dot, 1e-12);
            }
        }
        double[] lambda = {0.3, 0.1, 0.6};
        SplittableRandom rng = new SplittableRandom(5);
        double[] xv = new double[C * H * H];
        for (int i = 0; i < xv.length; i++) {
            xv[i] = rng.nextGaussian();
        }

        SameDiff sd = SameDiff.create();
        sd.setEnableCache(false);
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, C, H, H);
        SDVariable kernel = sd.constant("W", Reference.oihw(w).permute(2, 3, 1, 0).dup('c'));
        SDVariable lam = sd.constant("lambda", Nd4j.createFromArray(lambda));
        SDVariable lam4 = sd.reshape(lam, 1, C, 1, 1);
        SDVariable z = sd.cnn.conv2d("z", x, kernel, UnrolledIsta.sameConv(1, false));
        Thresholds.soft(sd, "soft", z, lam4);
        Thresholds.nonNegativeSoft(sd, "nonneg", z, lam4);
        sd.nn.relu("reluLayer", sd.cnn.conv2d(x, kernel, lam.neg(), UnrolledIsta.sameConv(1, false)), 0);
        Map<String, INDArray> out = sd.output(Map.of("x", Nd4j.create(xv, new long[] {1, C, H, H}, 'c')),
                "soft", "nonneg", "reluLayer");

        double[] l = Reference.perCoefficient(lambda, H * H);
        double[] soft = Reference.lasso(d, xv, l, false);
        double[] nonneg = Reference.lasso(d, xv, l, true);
        int zeros = 0;
        int negatives = 0;
        for (int j = 0; j < soft.length; j++) {
            assertEquals(soft[j], out.get("soft").getDouble(j), 1e-5, "soft code " + j);
            assertEquals(nonneg[j], out.get("nonneg").getDouble(j), 1e-5, "non-negative code " + j);
            assertEquals(nonneg[j], out.get("reluLayer").getDouble(j), 1e-5, "ReLU(Dᵀx − λ) code " + j);
            zeros += soft[j] == 0 ? 1 : 0;
            negatives += soft[j] < 0 ? 1 : 0;
        }
        assertTrue(zeros > 0 && negatives > 0, "the case exercises thresholding and negative codes");
    }

    @Test
    void inverseSoftplusInvertsSoftplus() {
        for (double l : new double[] {1e-4, 0.01, 1, 20, 50}) {
            double t = Thresholds.inverseSoftplus(l);
            assertEquals(l, Math.log1p(Math.exp(t)), 1e-12 * Math.max(1, l));
        }
    }
}
