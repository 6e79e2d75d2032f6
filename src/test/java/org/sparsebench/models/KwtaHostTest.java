package org.sparsebench.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.sparse.KWinnersTakeAll;

/**
 * {@link KwtaHost} (v_k by quickselect, then scalar bisection) against two independent answers: the literal
 * algorithm of {@link KWinnersTakeAll#apply} written out in Java (16 counting passes over the sample, float32
 * arithmetic for float graphs), and SameDiff's own session on the committed kwta-cnn graph (its {@code act<i>}
 * and {@code act<i>_mask} outputs from the graph's pre-activations). Both must agree bit for bit.
 */
class KwtaHostTest {

    /** The graph's bisection as written in KWinnersTakeAll: count the values ≥ mid at every step. */
    private static float literalThreshold(float[] v, long k) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        for (int i = 0; i < KWinnersTakeAll.BISECTION_STEPS; i++) {
            float mid = (lo + hi) * 0.5f;
            float count = 0;
            for (float x : v) {
                count += x >= mid ? 1f : 0f;
            }
            float ok = count >= k ? 1f : 0f;
            lo = lo + ok * (mid - lo);
            hi = mid + ok * (hi - mid);
        }
        return lo;
    }

    private static double literalThreshold(double[] v, long k) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        for (int i = 0; i < KWinnersTakeAll.BISECTION_STEPS; i++) {
            double mid = (lo + hi) * 0.5;
            double count = 0;
            for (double x : v) {
                count += x >= mid ? 1 : 0;
            }
            double ok = count >= k ? 1 : 0;
            lo = lo + ok * (mid - lo);
            hi = mid + ok * (hi - mid);
        }
        return lo;
    }

    @Test
    void matchesTheLiteralBisectionBitForBit() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 9;
        for (int m : new int[] {1, 2, 5, 64, 431, KwtaHost.SMALL, 3136}) { // quickselect below SMALL, radix above
            for (double ratio : new double[] {0.1, 0.2, 0.5, 1.0}) {
                long k = KWinnersTakeAll.winners(ratio, m);
                float[] f = new float[n * m];
                double[] d = new double[n * m];
                for (int i = 0; i < f.length; i++) {
                    // samples 0-2 with many ties (a few distinct values), 3 constant, 4 signed zeros and ±1, 5 magnitudes
                    // 1e-30 to 1e30 (the float keys' sign and exponent bits), the others continuous
                    int s = i / m;
                    double x = s < 3 ? r.nextInt(4) - 1.5 : s == 3 ? 0.25
                            : s == 4 ? new double[] {-0.0, 0.0, 1, -1}[r.nextInt(4)]
                            : s == 5 ? r.nextGaussian() * Math.pow(10, r.nextInt(-30, 31)) : r.nextGaussian() * (s + 1);
                    f[i] = (float) x;
                    d[i] = x;
                }
                INDArray zf = Nd4j.createFromArray(f).reshape(n, m);
                INDArray zd = Nd4j.createFromArray(d).reshape(n, m);
                INDArray of = Nd4j.create(DataType.FLOAT, n, m);
                INDArray mf = Nd4j.create(DataType.FLOAT, n, m);
                INDArray od = Nd4j.create(DataType.DOUBLE, n, m);
                INDArray md = Nd4j.create(DataType.DOUBLE, n, m);
                KwtaHost.forward(zf, of, mf, ratio);
                KwtaHost.forward(zd, od, md, ratio);
                float[] outF = of.data().asFloat();
                float[] maskF = mf.data().asFloat();
                double[] outD = od.data().asDouble();
                double[] maskD = md.data().asDouble();
                for (int s = 0; s < n; s++) {
                    float[] vf = java.util.Arrays.copyOfRange(f, s * m, (s + 1) * m);
                    double[] vd = java.util.Arrays.copyOfRange(d, s * m, (s + 1) * m);
                    float tf = literalThreshold(vf, k);
                    double td = literalThreshold(vd, k);
                    assertEquals(tf, KwtaHost.threshold(vf.clone(), m, k, new int[m], new int[m]),
                            "float32 threshold, m " + m + " sample " + s);
                    assertEquals(td, KwtaHost.threshold(vd.clone(), m, k), "float64 threshold, m " + m + " sample " + s);
                    int winners = 0;
                    for (int j = 0; j < m; j++) {
                        String at = "m " + m + " ratio " + ratio + " sample " + s + " value " + j;
                        assertEquals(vf[j] >= tf ? 1f : 0f, maskF[s * m + j], at);
                        assertEquals(vf[j] * maskF[s * m + j], outF[s * m + j], at);
                        assertEquals(vd[j] >= td ? 1.0 : 0.0, maskD[s * m + j], at);
                        assertEquals(vd[j] * maskD[s * m + j], outD[s * m + j], at);
                        winners += maskD[s * m + j] == 1 ? 1 : 0;
                    }
                    assertTrue(winners >= k, "at least k winners (ties kept): " + winners + " < " + k);
                }
            }
        }
    }

    @Test
    void committedKwtaCnnMasksEqualTheGraphs() {
        SameDiffModel model = Checkpoints.load(Path.of("models").resolve("kwta-cnn"));
        double ratio = model.spec().kwtaRatio();
        SplittableRandom r = new SplittableRandom(3);
        float[] v = new float[5 * 28 * 28];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble();
        }
        INDArray x = Nd4j.createFromArray(v).reshape(5, 1, 28, 28);
        String[][] layers = {{"conv0", "act0"}, {"conv1", "act1"}, {"conv2", "act2"}, {"dense0", "features"}};
        for (String[] l : layers) {
            Map<String, INDArray> got = model.graph().output(Map.of(SameDiffCnn.INPUT, x), l[0], l[1], l[1] + "_mask");
            INDArray z = got.get(l[0]).dup('c');
            INDArray out = Nd4j.create(z.dataType(), z.shape());
            INDArray mask = Nd4j.create(z.dataType(), z.shape());
            KwtaHost.forward(z, out, mask, ratio);
            float[] expectedMask = got.get(l[1] + "_mask").dup('c').data().asFloat();
            assertArrayEquals(expectedMask, mask.data().asFloat(), l[1] + " mask");
            assertArrayEquals(got.get(l[1]).dup('c').data().asFloat(), out.data().asFloat(), l[1]);
            long nonZero = got.get(l[1]).neq(0).castTo(DataType.INT).sumNumber().longValue();
            assertEquals(nonZero, out.neq(0).castTo(DataType.INT).sumNumber().longValue(), l[1] + " non-zero count");
            long m = z.length() / 5;
            assertTrue(nonZero >= 5 * KWinnersTakeAll.winners(ratio, m) * 0.9 && nonZero < z.length(), l[1] + " " + nonZero);
        }
    }
}
