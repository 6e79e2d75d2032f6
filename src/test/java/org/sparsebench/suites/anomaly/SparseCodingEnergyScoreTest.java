package org.sparsebench.suites.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.FirstConvLayer;
import org.sparsebench.api.InputShape;
import org.sparsebench.testing.LinearModel;

class SparseCodingEnergyScoreTest {

    private static double[][][][] randomFilters(int o, int c, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][][][] f = new double[o][c][k][k];
        for (double[][][] a : f) {
            for (double[][] b : a) {
                for (double[] row : b) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = r.nextDouble() - 0.5;
                    }
                }
            }
        }
        return f;
    }

    /** Dᵀx equals ND4J's own SAME-padded conv2d (an independent implementation; weights [kH, kW, C, O]). */
    @Test
    void analysisIsTheSamePaddedConvolution() {
        InputShape shape = new InputShape(2, 7, 9);
        for (int k : new int[] {3, 5}) {
            double[][][][] filters = randomFilters(4, 2, k, k);
            FirstConvLayer layer = ConvModel.layer(filters, new double[4], 0, Double.NaN, false);
            SparseCode sc = new SparseCode(layer, shape);
            Nd4j.getRandom().setSeed(k);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 2, 7, 9);
            INDArray w = layer.filters().castTo(DataType.DOUBLE).permute(2, 3, 1, 0).dup('c');
            Conv2DConfig cfg = Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1).dH(1).dW(1)
                    .paddingMode(PaddingMode.SAME).dataFormat("NCHW").build();
            INDArray expected = Nd4j.cnn().conv2d(x, w, null, cfg);
            assertArrayEquals(expected.dup('c').data().asDouble(), sc.analysis(x.dup('c').data().asDouble()), 1e-5);
        }
    }

    /** Stride 2 with SAME and VALID padding against ND4J's conv2d, and the adjoint identity there too. */
    @Test
    void strideTwoAgreesWithNd4jAndStaysAdjoint() {
        InputShape shape = new InputShape(1, 9, 8);
        FirstConvLayer base = ConvModel.layer(randomFilters(3, 1, 3, 6), new double[3], 0, Double.NaN, false);
        for (boolean same : new boolean[] {true, false}) {
            FirstConvLayer layer = new FirstConvLayer() {
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
                    return 2;
                }

                @Override
                public boolean samePadding() {
                    return same;
                }
            };
            SparseCode sc = new SparseCode(layer, shape);
            Nd4j.getRandom().setSeed(3);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 1, 9, 8);
            Conv2DConfig cfg = Conv2DConfig.builder().kH(3).kW(3).sH(2).sW(2).dH(1).dW(1)
                    .paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID).dataFormat("NCHW").build();
            INDArray expected = Nd4j.cnn().conv2d(x, layer.filters().castTo(DataType.DOUBLE).permute(2, 3, 1, 0).dup('c'),
                    null, cfg);
            double[] xd = x.dup('c').data().asDouble();
            assertArrayEquals(expected.dup('c').data().asDouble(), sc.analysis(xd), 1e-5, "same=" + same);
            double[] a = new SplittableRandom(8).doubles(sc.codeSize()).toArray();
            double[] dtx = sc.analysis(xd);
            double[] da = sc.synthesis(a);
            double lhs = 0;
            double rhs = 0;
            for (int i = 0; i < a.length; i++) {
                lhs += dtx[i] * a[i];
            }
            for (int i = 0; i < xd.length; i++) {
                rhs += xd[i] * da[i];
            }
            assertEquals(lhs, rhs, 1e-9 * Math.abs(lhs));
        }
    }

    /** D a is the adjoint of Dᵀ: ⟨Dᵀx, a⟩ = ⟨x, D a⟩ for any x and a. */
    @Test
    void synthesisIsTheAdjointOfAnalysis() {
        InputShape shape = new InputShape(1, 28, 28);
        SparseCode sc = new SparseCode(ConvModel.layer(randomFilters(6, 1, 5, 2), new double[6], 0, Double.NaN, false),
                shape);
        SplittableRandom r = new SplittableRandom(4);
        double[] x = r.doubles(784).toArray();
        double[] a = r.doubles(sc.codeSize()).toArray();
        double[] dtx = sc.analysis(x);
        double[] da = sc.synthesis(a);
        double lhs = 0;
        double rhs = 0;
        for (int i = 0; i < a.length; i++) {
            lhs += dtx[i] * a[i];
        }
        for (int i = 0; i < x.length; i++) {
            rhs += x[i] * da[i];
        }
        assertEquals(lhs, rhs, 1e-9 * Math.abs(lhs));
    }

    /**
     * Exact reconstruction: filter 0 is 2·δ (centre tap of a 3×3 kernel), filter 1 is all negative, λ = (0.3, 0.1).
     * On an image of pixels 0 and 0.2: z₀ = 0.4 on the bright pixels so a₀ = 0.1 there, z₁ ≤ 0 so a₁ = 0, and
     * D a = 2·a₀ = x. The energy is λ‖a‖₁ = 0.3 · 0.1 per bright pixel; the score is its negative.
     */
    @Test
    void energyOfAnExactlyReconstructedImageIsTheL1Penalty() {
        double[][][][] f = new double[2][1][3][3];
        f[0][0][1][1] = 2;
        for (double[] row : f[1][0]) {
            java.util.Arrays.fill(row, -0.25);
        }
        FirstConvLayer layer = ConvModel.layer(f, new double[] {0.3, 0.1}, 0, Double.NaN, false);
        InputShape shape = new InputShape(1, 6, 6);
        float[] px = new float[36];
        int bright = 0;
        for (int i = 0; i < 36; i += 3) {
            px[i] = 0.2f;
            bright++;
        }
        INDArray x = Nd4j.create(px, new long[] {1, 1, 6, 6}, 'c');
        SparseCode sc = new SparseCode(layer, shape);
        double[] xd = x.castTo(DataType.DOUBLE).data().asDouble();
        double[] code = sc.code(xd);
        assertArrayEquals(xd, sc.synthesis(code), 1e-7, "zero residual");
        double expected = 0.3 * (0.2f * 2 - 0.3) * bright; // 0.2f is a float: use its exact value
        assertEquals(expected, sc.energy(xd, code), 1e-7);
        ConvModel model = new ConvModel(LinearModel.random("lin", shape, 3, 1), layer);
        assertEquals(-expected, new SparseCodingEnergyScore().score(model, x)[0], 1e-7);
    }

    /**
     * One 1×1 filter d = 2, λ = 0.3, pixel x = 0.5. One thresholding step: a = 2·0.5 − 0.3 = 0.7, energy
     * ½(0.5 − 1.4)² + 0.3·0.7 = 0.615. With ISTA step η = 1/d² one iteration lands on the non-negative lasso
     * solution a* = (d·x − λ)/d² = 0.175: energy ½(0.5 − 0.35)² + 0.3·0.175 = 0.06375, for any number of steps.
     */
    @Test
    void istaIterationsReachTheLassoSolutionOfAScalarDictionary() {
        double[][][][] f = {{{{2}}}};
        InputShape shape = new InputShape(1, 1, 1);
        double[] x = {0.5};
        // λ and d are float32 (FirstConvLayer's contract): 0.3f differs from 0.3 by 1.2e-8.
        SparseCode one = new SparseCode(ConvModel.layer(f, new double[] {0.3}, 0, Double.NaN, false), shape);
        assertEquals(0.7, one.code(x)[0], 1e-6);
        assertEquals(0.615, one.energy(x, one.code(x)), 1e-6);
        for (int k : new int[] {1, 5}) {
            SparseCode ista = new SparseCode(ConvModel.layer(f, new double[] {0.3}, k, 0.25, false), shape);
            assertEquals(0.175, ista.code(x)[0], 1e-6);
            assertEquals(0.06375, ista.energy(x, ista.code(x)), 1e-6);
        }
        // Two-sided soft thresholding of z = d·x = −1 (x = −0.5): a = −(1 − 0.3) = −0.7, energy as above.
        SparseCode soft = new SparseCode(ConvModel.layer(f, new double[] {0.3}, 0, Double.NaN, true), shape);
        assertEquals(-0.7, soft.code(new double[] {-0.5})[0], 1e-6);
        assertEquals(0.615, soft.energy(new double[] {-0.5}, soft.code(new double[] {-0.5})), 1e-6);
    }

    @Test
    void modelWithoutFirstConvIsNotApplicable() {
        LinearModel plain = LinearModel.random("plain", new InputShape(1, 4, 4), 3, 1);
        assertThrows(ScoreNotApplicableException.class,
                () -> new SparseCodingEnergyScore().score(plain, Nd4j.zeros(DataType.FLOAT, 1, 1, 4, 4)));
    }
}
