package org.sparsebench.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;

class SameDiffModelTest {
    /** 1x6x6 input, one conv of 2 channels, 3 hidden units, 3 classes: small enough for finite differences. */
    static final CnnSpec TINY = new CnnSpec("tiny", new InputShape(1, 6, 6), List.of(2), 3, 3, 3);

    static SameDiffModel tinyDouble(long seed) {
        SameDiff sd = SameDiffCnn.build(TINY, seed, DataType.DOUBLE, true);
        return new SameDiffModel("tiny", sd, TINY.input(), TINY.classes());
    }

    static INDArray randomInput(int n, InputShape s, long seed, DataType dtype) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n * s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.1 + 0.8 * r.nextDouble(); // away from the [0,1] bounds, continuous: no ReLU/max-pool ties
        }
        return Nd4j.create(v, s.batchShape(n), DataType.DOUBLE).castTo(dtype);
    }

    @Test
    void reluCnnHasHandCountedParameters() {
        // conv 3x3x1x16+16 = 160, 3x3x16x32+32 = 4,640, 3x3x32x64+64 = 18,496; 28 -> 14 -> 7 -> 3 after the
        // pools, so dense 3*3*64*64+64 = 36,928 and 64*10+10 = 650: 60,874 in all.
        long expected = 160 + 4_640 + 18_496 + 36_928 + 650;
        assertEquals(60_874, expected);
        assertEquals(expected, CnnSpec.reluCnn().parameterCount());
        assertEquals(expected, SameDiffCnn.parameterCount(SameDiffCnn.build(CnnSpec.reluCnn(), 1)));
    }

    @Test
    void crossEntropyEqualsClosedForm() {
        // expected: -log softmax(z)[y] = logSumExp(z) - z_y, computed in Java from the model's own logits
        SameDiffModel m = tinyDouble(7);
        INDArray x = randomInput(4, TINY.input(), 1, DataType.DOUBLE);
        int[] y = {0, 1, 2, 1};
        INDArray z = m.logits(x);
        Gradient g = m.gradient(x, Loss.crossEntropy(y));
        assertArrayEquals(new long[] {4}, g.loss().shape());
        for (int i = 0; i < 4; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 3; k++) {
                max = Math.max(max, z.getDouble(i, k));
            }
            double s = 0;
            for (int k = 0; k < 3; k++) {
                s += Math.exp(z.getDouble(i, k) - max);
            }
            double expected = max + Math.log(s) - z.getDouble(i, y[i]);
            assertEquals(expected, g.loss().getDouble(i), 1e-12, "sample " + i);
            for (int k = 0; k < 3; k++) {
                assertEquals(z.getDouble(i, k), g.logits().getDouble(i, k), 1e-12);
            }
        }
    }

    @Test
    void crossEntropyInputGradientMatchesFiniteDifferences() {
        SameDiffModel m = tinyDouble(11);
        INDArray x = randomInput(2, TINY.input(), 2, DataType.DOUBLE);
        int[] y = {2, 0};
        checkAgainstFiniteDifferences(m, x, Loss.crossEntropy(y));
    }

    @Test
    void linearInputGradientMatchesFiniteDifferences() {
        SameDiffModel m = tinyDouble(13);
        INDArray x = randomInput(2, TINY.input(), 3, DataType.DOUBLE);
        INDArray w = Nd4j.create(new double[][] {{0.5, -1.0, 2.0}, {-0.3, 0.7, 0.1}});
        Gradient g = m.gradient(x, Loss.linear(w));
        // per-sample value of the linear loss: sum_k w[n,k] z[n,k], from the logits in Java
        INDArray z = m.logits(x);
        for (int i = 0; i < 2; i++) {
            double e = 0;
            for (int k = 0; k < 3; k++) {
                e += w.getDouble(i, k) * z.getDouble(i, k);
            }
            assertEquals(e, g.loss().getDouble(i), 1e-12);
        }
        checkAgainstFiniteDifferences(m, x, Loss.linear(w));
    }

    /**
     * Central differences of the summed loss, h = 1e-6 in float64: truncation O(h²) and rounding
     * ~1e-16/h keep the error near 1e-9; tolerance 1e-6 absolute + 1e-5 relative.
     */
    static void checkAgainstFiniteDifferences(SameDiffModel m, INDArray x, Loss loss) {
        INDArray grad = m.gradient(x, loss).inputGradient();
        assertArrayEquals(x.shape(), grad.shape());
        double h = 1e-6;
        INDArray flat = x.reshape(x.length());
        INDArray gflat = grad.reshape(grad.length());
        for (int i = 0; i < flat.length(); i++) {
            double orig = flat.getDouble(i);
            flat.putScalar(i, orig + h);
            double plus = m.gradient(x, loss).loss().sumNumber().doubleValue();
            flat.putScalar(i, orig - h);
            double minus = m.gradient(x, loss).loss().sumNumber().doubleValue();
            flat.putScalar(i, orig);
            double fd = (plus - minus) / (2 * h);
            assertEquals(fd, gflat.getDouble(i), 1e-6 + 1e-5 * Math.abs(fd), "input coordinate " + i);
        }
    }

    @Test
    void gradientAndLogitsAgreeInFloat32() {
        SameDiffModel m = SameDiffModel.create(TINY, 5);
        INDArray x = randomInput(3, TINY.input(), 4, DataType.FLOAT);
        Gradient g = m.gradient(x, Loss.crossEntropy(new int[] {0, 1, 2}));
        assertEquals(m.logits(x), g.logits());
        assertArrayEquals(new long[] {3, 3}, m.features(x).shape());
    }

    @Test
    void consecutiveBatchesAreNotServedFromAStaleCache() {
        // regression: with SameDiff's op cache on, logits of batch B after batch A were wrong
        SameDiffModel m1 = SameDiffModel.create(TINY, 5);
        SameDiffModel m2 = SameDiffModel.create(TINY, 5);
        INDArray a = randomInput(3, TINY.input(), 1, DataType.FLOAT);
        INDArray b = randomInput(3, TINY.input(), 2, DataType.FLOAT);
        m1.logits(a);
        assertEquals(m2.logits(b), m1.logits(b));
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        SameDiff a = SameDiffCnn.build(CnnSpec.reluCnn(), 42);
        SameDiff b = SameDiffCnn.build(CnnSpec.reluCnn(), 42);
        SameDiff c = SameDiffCnn.build(CnnSpec.reluCnn(), 43);
        for (String v : List.of("conv0_W", "conv2_W", "dense0_W", "out_W")) {
            assertEquals(a.getArrForVarName(v), b.getArrForVarName(v), v);
            assertNotEquals(a.getArrForVarName(v), c.getArrForVarName(v), v);
        }
        // He init: std of conv1 (fan-in 3*3*16 = 144) is sqrt(2/144) = 0.118
        assertEquals(Math.sqrt(2.0 / 144), a.getArrForVarName("conv1_W").stdNumber().doubleValue(), 0.01);
    }

    @Test
    void wrongInputShapeNamesModelAndBothShapes() {
        SameDiffModel m = SameDiffModel.create(TINY, 5);
        ConfigException e = assertThrows(ConfigException.class, () -> m.logits(Nd4j.zeros(DataType.FLOAT, 2, 1, 5, 6)));
        assertTrue(e.getMessage().contains("tiny"), e.getMessage());
        assertTrue(e.getMessage().contains("[2, 1, 5, 6]"), e.getMessage());
        assertTrue(e.getMessage().contains("1x6x6"), e.getMessage());
    }
}
