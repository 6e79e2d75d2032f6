package org.sparsebench.suites.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.OodScore;
import org.sparsebench.api.Params;
import org.sparsebench.data.ImageDataset;
import org.sparsebench.testing.LinearModel;
import org.sparsebench.testing.TinyData;

class OodScoresTest {
    private final InputShape shape = new InputShape(1, 3, 3);
    private final LinearModel model = LinearModel.random("lin", shape, 4, 7);
    private final ImageDataset data = TinyData.random("in", shape, 90, 3, 3);
    private final int[] all = IntStream.range(0, 90).toArray();
    private final INDArray x = data.images(new int[] {0, 1, 2, 3, 4});

    private double[][] logits(INDArray in) {
        return model.logits(in).castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    @Test
    void energyWithTemperatureOneIsMinusLogSumExp() {
        double[][] z = logits(x);
        double[] s = new EnergyScore().score(model, x);
        for (int i = 0; i < z.length; i++) {
            double sum = 0;
            for (double v : z[i]) {
                sum += Math.exp(v); // small logits: no shift needed for this independent route
            }
            assertEquals(-Math.log(sum), new EnergyScore().energy(z[i]), 1e-12);
            assertEquals(Math.log(sum), s[i], 1e-6, "score = −energy");
        }
        // T = 2: −E = 2·log Σ exp(z/2).
        double sum = Arrays.stream(z[0]).map(v -> Math.exp(v / 2)).sum();
        assertEquals(2 * Math.log(sum), new EnergyScore(2).score(model, x)[0], 1e-6);
    }

    @Test
    void mspIsMaxSoftmaxAndMaxLogitIsMaxLogit() {
        double[][] z = logits(x);
        double[] msp = new MaxSoftmaxScore().score(model, x);
        double[] ml = new MaxLogitScore().score(model, x);
        for (int i = 0; i < z.length; i++) {
            double sum = Arrays.stream(z[i]).map(Math::exp).sum();
            double max = Arrays.stream(z[i]).max().orElseThrow();
            assertEquals(Math.exp(max) / sum, msp[i], 1e-6);
            assertEquals(max, ml[i], 1e-6);
        }
    }

    /**
     * ODIN on the softmax-regression model: ∇ₓ log softmax(z/T)[ŷ] = Wᵀ(onehot(ŷ) − softmax(z/T))/T in closed
     * form, so the preprocessed input and the score follow without the model's gradient code.
     */
    @Test
    void odinMatchesTheClosedFormOfALinearModel() {
        double t = 10;
        double eps = 0.05;
        double[][] w = model.weights().castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] z = logits(x);
        double[] got = new OdinScore(t, eps).score(model, x);
        double[][] px = x.reshape(5, 9).castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int i = 0; i < 5; i++) {
            double[] p = softmax(z[i], t);
            int top = argmax(z[i]);
            double[] xt = new double[9];
            for (int d = 0; d < 9; d++) {
                double g = 0;
                for (int k = 0; k < 4; k++) {
                    g += w[k][d] * ((k == top ? 1 : 0) - p[k]) / t;
                }
                xt[d] = Math.min(1, Math.max(0, px[i][d] + eps * Math.signum(g)));
            }
            INDArray xi = Nd4j.create(xt).castTo(DataType.FLOAT).reshape(1, 1, 3, 3);
            double[] zt = logits(xi)[0];
            assertEquals(softmax(zt, t)[argmax(zt)], got[i], 1e-6);
        }
        // ε = 0: temperature-scaled MSP.
        assertEquals(softmax(z[0], t)[argmax(z[0])], new OdinScore(t, 0).score(model, x)[0], 1e-6);
    }

    @Test
    void mahalanobisOfAClassMeanIsZeroAndMatchesTheInverseCovariance() {
        OodScore fitted = new MahalanobisScore().fit(model, data, all, 16);
        // The linear model's features are the pixels: class means and pooled covariance computed here.
        double[][] f = data.images(all).reshape(90, 9).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] mean = new double[3][9];
        for (int i = 0; i < 90; i++) {
            for (int d = 0; d < 9; d++) {
                mean[data.label(i)][d] += f[i][d] / 30; // 30 samples per class
            }
        }
        double[][] cov = new double[9][9];
        for (int i = 0; i < 90; i++) {
            for (int a = 0; a < 9; a++) {
                for (int b = 0; b < 9; b++) {
                    cov[a][b] += (f[i][a] - mean[data.label(i)][a]) * (f[i][b] - mean[data.label(i)][b]) / 90;
                }
            }
        }
        RealMatrix inv = new LUDecomposition(new Array2DRowRealMatrix(cov)).getSolver().getInverse();
        INDArray mu1 = Nd4j.create(mean[1]).castTo(DataType.FLOAT).reshape(1, 1, 3, 3);
        assertEquals(0.0, fitted.score(model, mu1)[0], 1e-4, "a class mean has distance 0");
        double[] q = f[5];
        double best = Double.POSITIVE_INFINITY;
        for (double[] mu : mean) {
            double[] d = new double[9];
            Arrays.setAll(d, k -> q[k] - mu[k]);
            double[] pd = inv.operate(d);
            double s = 0;
            for (int k = 0; k < 9; k++) {
                s += d[k] * pd[k];
            }
            best = Math.min(best, s);
        }
        assertEquals(-best, fitted.score(model, data.images(new int[] {5}))[0], 1e-3 * best);
        assertThrows(IllegalStateException.class, () -> new MahalanobisScore().score(model, x), "unfitted");
    }

    @Test
    void knnIsMinusTheDistanceToTheKthNearestNormalizedFeature() {
        int k = 4;
        int[] bank = IntStream.range(10, 90).toArray();
        OodScore fitted = new KnnScore(k).fit(model, data, bank, 32);
        double[][] f = data.images(all).reshape(90, 9).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] got = fitted.score(model, data.images(new int[] {0, 1, 2}));
        for (int q = 0; q < 3; q++) {
            double[] u = unit(f[q]);
            double[] d = Arrays.stream(bank).mapToDouble(j -> {
                double[] v = unit(f[j]);
                double s = 0;
                for (int a = 0; a < 9; a++) {
                    s += (u[a] - v[a]) * (u[a] - v[a]);
                }
                return Math.sqrt(s);
            }).sorted().toArray();
            assertEquals(-d[k - 1], got[q], 1e-6);
        }
    }

    @Test
    void configurableScoresReadTheirKeysAndRefuseBadValues() {
        assertEquals("EnergyScore(temperature=2.0)",
                new EnergyScore().configure(new Params("s.yaml: scores[0]", Map.of("temperature", 2))).toString());
        assertEquals("KnnScore(k=7)", new KnnScore().configure(new Params("w", Map.of("k", 7))).toString());
        ConfigException e = assertThrows(ConfigException.class,
                () -> new OdinScore().configure(new Params("s.yaml: scores[1]", Map.of("temperature", -1))));
        assertTrue(e.getMessage().startsWith("s.yaml: scores[1].temperature"), e.getMessage());
    }

    private static double[] unit(double[] v) {
        double n = Math.sqrt(Arrays.stream(v).map(a -> a * a).sum());
        return Arrays.stream(v).map(a -> a / n).toArray();
    }

    private static double[] softmax(double[] z, double t) {
        double max = Arrays.stream(z).max().orElseThrow();
        double[] e = Arrays.stream(z).map(v -> Math.exp((v - max) / t)).toArray();
        double s = Arrays.stream(e).sum();
        return Arrays.stream(e).map(v -> v / s).toArray();
    }

    private static int argmax(double[] z) {
        int b = 0;
        for (int i = 1; i < z.length; i++) {
            if (z[i] > z[b]) {
                b = i;
            }
        }
        return b;
    }
}
