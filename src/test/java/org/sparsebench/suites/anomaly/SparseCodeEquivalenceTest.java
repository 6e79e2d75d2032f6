package org.sparsebench.suites.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.FirstConvLayer;
import org.sparsebench.api.InputShape;

/**
 * The optimized {@link SparseCode} against the plain loops it replaced ({@link SparseCodeReference}) on
 * random dictionaries: every code, synthesis and energy within 1e-12 relative (only the order of the
 * floating-point sums differs).
 */
class SparseCodeEquivalenceTest {
    private static final double TOL = 1e-12;

    private static FirstConvLayer layer(int o, int c, int k, int stride, boolean same, int iterations,
            boolean twoSided, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][][][] f = new double[o][c][k][k];
        for (double[][][] a : f) {
            for (double[][] b : a) {
                for (double[] row : b) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = (r.nextDouble() - 0.5) / k;
                    }
                }
            }
        }
        double[] lambda = new double[o];
        for (int i = 0; i < o; i++) {
            lambda[i] = 0.2 * r.nextDouble();
        }
        FirstConvLayer base = ConvModel.layer(f, lambda, iterations, 0.1, twoSided);
        return new FirstConvLayer() {
            @Override
            public INDArray filters() {
                return base.filters();
            }

            @Override
            public INDArray lambda() {
                return base.lambda();
            }

            @Override
            public int stride() {
                return stride;
            }

            @Override
            public boolean samePadding() {
                return same;
            }

            @Override
            public int istaIterations() {
                return base.istaIterations();
            }

            @Override
            public double istaStep() {
                return base.istaStep();
            }

            @Override
            public boolean twoSided() {
                return twoSided;
            }
        };
    }

    /** Images with zero borders (as Fashion-MNIST's), so the zero-row shortcuts are exercised. */
    private static INDArray images(int n, InputShape s, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * s.size()];
        for (int i = 0; i < v.length; i++) {
            int p = i % (s.height() * s.width());
            int y = p / s.width();
            v[i] = y < 2 || y >= s.height() - 2 ? 0f : (float) r.nextDouble();
        }
        return Nd4j.create(v, s.batchShape(n), 'c');
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, TOL * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void energiesCodesAndSynthesisEqualThePlainLoops() {
        int cases = 0;
        for (int k : new int[] {1, 3, 5}) {
            for (int stride : new int[] {1, 2}) {
                for (boolean same : new boolean[] {true, false}) {
                    for (int iterations : new int[] {0, 3}) {
                        for (boolean twoSided : new boolean[] {false, true}) {
                            InputShape shape = new InputShape(2, 11, 9);
                            long seed = 31L * k + 7L * stride + (same ? 3 : 0) + iterations + (twoSided ? 1 : 0);
                            FirstConvLayer l = layer(4, 2, k, stride, same, iterations, twoSided, seed);
                            SparseCode fast = new SparseCode(l, shape);
                            SparseCodeReference plain = new SparseCodeReference(l, shape);
                            String what = "k=" + k + " stride=" + stride + " same=" + same + " K=" + iterations
                                    + " twoSided=" + twoSided;
                            INDArray x = images(6, shape, seed);
                            double[] ef = fast.energies(x);
                            double[] ep = plain.energies(x);
                            for (int i = 0; i < ef.length; i++) {
                                assertClose(ep[i], ef[i], what + " energy " + i);
                            }
                            double[] img = x.slice(0).dup('c').data().asDouble();
                            double[] cf = fast.code(img);
                            double[] cp = plain.code(img);
                            for (int i = 0; i < cp.length; i++) {
                                assertClose(cp[i], cf[i], what + " code " + i);
                            }
                            double[] sf = fast.synthesis(cp);
                            double[] sp = plain.synthesis(cp);
                            for (int i = 0; i < sp.length; i++) {
                                assertClose(sp[i], sf[i], what + " synthesis " + i);
                            }
                            assertClose(plain.energy(img, cp), fast.energy(img, cp), what + " energy(x, a)");
                            cases++;
                        }
                    }
                }
            }
        }
        assertEquals(48, cases);
    }

    @Test
    void threeRowPassesGiveTheOneRowPassesBitForBit() {
        // correlateRows adds three rows' terms per pass; the one-row passes it replaced (still there for
        // the remainder, SparseCode.rowByRow) are the expected values: equal bits, since results.json's
        // sparse-coding energy scores may not move. 1 and 3 channels (a remainder row group), one- and
        // two-sided, with and without ISTA iterations, zero-bordered images (skipped rows).
        int cases = 0;
        for (int channels : new int[] {1, 3}) {
            for (int iterations : new int[] {0, 3}) {
                for (boolean twoSided : new boolean[] {false, true}) {
                    InputShape shape = new InputShape(channels, 12, 10);
                    long seed = 101L * channels + iterations + (twoSided ? 1 : 0);
                    FirstConvLayer l = layer(5, channels, 3, 1, true, iterations, twoSided, seed);
                    SparseCode grouped = new SparseCode(l, shape);
                    SparseCode single = SparseCode.rowByRow(l, shape);
                    String what = "C=" + channels + " K=" + iterations + " twoSided=" + twoSided;
                    INDArray x = images(7, shape, seed);
                    double[] eg = grouped.energies(x);
                    double[] es = single.energies(x);
                    for (int i = 0; i < es.length; i++) {
                        assertEquals(Double.doubleToRawLongBits(es[i]), Double.doubleToRawLongBits(eg[i]),
                                what + " energy " + i + ": " + es[i] + " vs " + eg[i]);
                    }
                    double[] img = x.slice(1).dup('c').data().asDouble();
                    double[] cs = single.code(img);
                    double[] cg = grouped.code(img);
                    double[] ss = single.synthesis(cs);
                    double[] sg = grouped.synthesis(cs);
                    for (int i = 0; i < cs.length; i++) {
                        assertEquals(Double.doubleToRawLongBits(cs[i]), Double.doubleToRawLongBits(cg[i]), what + " code " + i);
                    }
                    for (int i = 0; i < ss.length; i++) {
                        assertEquals(Double.doubleToRawLongBits(ss[i]), Double.doubleToRawLongBits(sg[i]),
                                what + " synthesis " + i);
                    }
                    cases++;
                }
            }
        }
        assertEquals(8, cases);
    }
}
