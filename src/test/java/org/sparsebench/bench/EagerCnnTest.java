package org.sparsebench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;
import org.sparsebench.models.CheckpointModelProvider;
import org.sparsebench.models.CnnSpec;
import org.sparsebench.models.EagerCnn;
import org.sparsebench.models.SameDiffCnn;
import org.sparsebench.models.SameDiffModel;

/**
 * The optimized path ({@link EagerCnn} through {@link EagerModel}) against the plain SameDiff path
 * ({@link SameDiffModel}, whose input gradients SameDiffModelTest checks against finite differences):
 * same logits, per-sample losses and input gradients within 1e-5, for cross-entropy and linear losses,
 * NHWC and NCHW graphs, float64 and float32, batch sizes that change between calls (buffer reuse).
 */
class EagerCnnTest {
    static final CnnSpec SMALL = new CnnSpec("small", new InputShape(1, 12, 12), List.of(3, 4), 3, 5, 4);

    static INDArray input(int n, InputShape s, long seed, DataType dtype) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n * s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble();
        }
        return Nd4j.create(v, s.batchShape(n), DataType.DOUBLE).castTo(dtype);
    }

    static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            worst = Math.max(worst, Math.abs(e[i] - a[i]));
        }
        assertTrue(worst <= tol, what + ": max |difference| " + worst + " > " + tol);
    }

    static void assertSamePath(SameDiffModel plain, InputShape shape, int classes, DataType dtype, int... batches) {
        Model fast = EagerModel.of(plain).orElseThrow();
        for (int n : batches) {
            INDArray x = input(n, shape, n, dtype);
            assertClose(plain.logits(x), fast.logits(x), 1e-5, "logits, batch " + n);
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = (3 * i + 1) % classes;
            }
            Gradient a = plain.gradient(x, Loss.crossEntropy(y));
            Gradient b = fast.gradient(x, Loss.crossEntropy(y));
            assertClose(a.logits(), b.logits(), 1e-5, "gradient logits, batch " + n);
            assertClose(a.loss(), b.loss(), 1e-5, "cross-entropy, batch " + n);
            assertClose(a.inputGradient(), b.inputGradient(), 1e-5, "cross-entropy input gradient, batch " + n);
            INDArray w = input(1, new InputShape(1, n, classes), 99, dtype).reshape(n, classes).subi(0.5);
            Gradient c = plain.gradient(x, Loss.linear(w));
            Gradient d = fast.gradient(x, Loss.linear(w));
            assertClose(c.loss(), d.loss(), 1e-5, "linear loss, batch " + n);
            assertClose(c.inputGradient(), d.inputGradient(), 1e-5, "linear input gradient, batch " + n);
        }
    }

    @Test
    void sameDiffCnnFloat64NhwcAndNchw() {
        for (boolean nhwc : new boolean[] {true, false}) {
            SameDiff sd = SameDiffCnn.build(SMALL, 3, DataType.DOUBLE, nhwc);
            assertSamePath(new SameDiffModel("small", sd, SMALL.input(), SMALL.classes()), SMALL.input(),
                    SMALL.classes(), DataType.DOUBLE, 5, 2, 5);
        }
    }

    @Test
    void referenceLeNetFloat32() {
        SameDiffModel plain = new SameDiffModel("lenet", ReferenceLeNet.build(1, DataType.FLOAT, true),
                ReferenceLeNet.INPUT_SHAPE, ReferenceLeNet.CLASSES);
        assertSamePath(plain, ReferenceLeNet.INPUT_SHAPE, 10, DataType.FLOAT, 8, 3);
    }

    @Test
    void committedReluCnnCheckpoint() {
        Model m = new CheckpointModelProvider().load("relu-cnn", Path.of("models"));
        assertTrue(m instanceof SameDiffModel);
        assertSamePath((SameDiffModel) m, new InputShape(1, 28, 28), 10, DataType.FLOAT, 6);
    }

    @Test
    void graphWithAnotherOpIsNotSupported() {
        // a tanh in the chain: EagerCnn must decline (callers then keep the SameDiff path)
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder(SameDiffCnn.INPUT, DataType.FLOAT, -1, 1, 2, 2);
        SDVariable flat = sd.reshape(in, -1, 4);
        SDVariable h = sd.math.tanh(sd.nn.linear(flat, sd.var("w", Nd4j.ones(DataType.FLOAT, 4, 3)),
                sd.var("b", Nd4j.zeros(DataType.FLOAT, 3))));
        sd.nn.linear(SameDiffCnn.LOGITS, h, sd.var("w2", Nd4j.ones(DataType.FLOAT, 3, 2)),
                sd.var("b2", Nd4j.zeros(DataType.FLOAT, 2)));
        assertEquals(Optional.empty(), EagerCnn.of(sd, 2));
    }

    @Test
    void referenceLeNetHasTorchParameterCount() {
        // torch: conv1 5*5*1*20+20 = 520, conv2 5*5*20*50+50 = 25,050, fc1 800*500+500 = 400,500,
        // fc2 500*10+10 = 5,010 -> 431,080 (sum(p.numel() for p in lenet().parameters()))
        assertEquals(431_080, SameDiffCnn.parameterCount(ReferenceLeNet.build(0, DataType.FLOAT, true)));
    }
}
