package org.sparsebench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
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
import org.sparsebench.models.Variant;

/**
 * The optimized path ({@link EagerCnn}, through {@link EagerModel} and through {@link SameDiffModel},
 * which adopts it) against the plain SameDiff path: the expected values come from SameDiff's own
 * session on the same graph ({@code sd.output} for logits, {@code sd.calculateGradientsAndOutputs}
 * for the loss and the input gradient: an independent implementation, whose input gradients
 * SameDiffModelTest checks against finite differences). Same logits, per-sample losses and input
 * gradients within 1e-5, for cross-entropy and linear losses, NHWC and NCHW graphs, float64 and
 * float32, batch sizes that change between calls (buffer reuse), plain CNNs, unrolled-ISTA CNNs
 * (K = 0, 1, 3), the sparse-prior and soft-threshold variants and k-WTA CNNs (1e-9 in float64).
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

    /**
     * {@code |expected − actual| ≤ tol · max(1, |expected|)} elementwise: absolute for values up to 1, relative
     * above (a float32 cross-entropy of 20 is itself only known to ~2e-6 in the graph's float32 arithmetic).
     */
    static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            worst = Math.max(worst, Math.abs(e[i] - a[i]) / Math.max(1, Math.abs(e[i])));
        }
        assertTrue(worst <= tol, what + ": max |difference| / max(1, |expected|) " + worst + " > " + tol);
    }

    /**
     * The expected values: SameDiff's session on the graph itself (what SameDiffModel ran before it adopted
     * EagerCnn). {@code labels} one-hot or zeros, {@code upstream} the linear loss weights or zeros. Needs the
     * input gradient function, which the SameDiffModel constructor creates.
     */
    static Gradient graphPath(SameDiff sd, INDArray x, INDArray labels, INDArray upstream) {
        OutAndGrad r = sd.calculateGradientsAndOutputs(Map.of(SameDiffCnn.INPUT, x, SameDiffCnn.LABELS, labels,
                SameDiffCnn.UPSTREAM, upstream), List.of(SameDiffCnn.LOGITS, SameDiffCnn.SAMPLE_LOSS),
                List.of(SameDiffCnn.INPUT));
        return new Gradient(r.getOutputs().get(SameDiffCnn.LOGITS), r.getOutputs().get(SameDiffCnn.SAMPLE_LOSS),
                r.getGradients().get(SameDiffCnn.INPUT));
    }

    /** Tolerance 1e-5 (float32: a few units in the last place of logits ~10) or 1e-9 (float64). */
    static void assertSamePath(SameDiffModel plain, InputShape shape, int classes, DataType dtype, int... batches) {
        double tol = dtype == DataType.DOUBLE ? 1e-9 : 1e-5;
        Model fast = EagerModel.of(plain).orElseThrow();
        SameDiff sd = plain.graph();
        for (int n : batches) {
            INDArray x = input(n, shape, n, dtype);
            INDArray expectedLogits = sd.output(Map.of(SameDiffCnn.INPUT, x), SameDiffCnn.LOGITS).get(SameDiffCnn.LOGITS);
            int[] y = new int[n];
            INDArray oneHot = Nd4j.zeros(dtype, n, classes);
            for (int i = 0; i < n; i++) {
                y[i] = (3 * i + 1) % classes;
                oneHot.putScalar(i, y[i], 1.0);
            }
            INDArray w = input(1, new InputShape(1, n, classes), 99, dtype).reshape(n, classes).subi(0.5);
            Gradient a = graphPath(sd, x, oneHot, Nd4j.zeros(dtype, n, classes));
            Gradient c = graphPath(sd, x, Nd4j.zeros(dtype, n, classes), w);
            for (Model m : List.<Model>of(fast, plain)) {
                String p = (m == plain ? "SameDiffModel" : "EagerModel") + ", batch " + n + ": ";
                assertClose(expectedLogits, m.logits(x), tol, p + "logits");
                Gradient b = m.gradient(x, Loss.crossEntropy(y));
                assertClose(a.logits(), b.logits(), tol, p + "gradient logits");
                assertClose(a.loss(), b.loss(), tol, p + "cross-entropy");
                assertClose(a.inputGradient(), b.inputGradient(), tol, p + "cross-entropy input gradient");
                Gradient d = m.gradient(x, Loss.linear(w));
                assertClose(c.loss(), d.loss(), tol, p + "linear loss");
                assertClose(c.inputGradient(), d.inputGradient(), tol, p + "linear input gradient");
            }
        }
    }

    /** Random per-channel thresholds θ in [−4, −1] (λ = softplus(θ) in [0.018, 0.31]) for every ista layer. */
    static void randomThresholds(SameDiff sd, CnnSpec spec, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < spec.convChannels().size(); i++) {
            INDArray theta = sd.getArrForVarName("conv" + i + "_theta");
            for (int c = 0; c < theta.length(); c++) {
                theta.putScalar(c, -4 + 3 * r.nextDouble());
            }
        }
    }

    /** Fraction of exact zeros among the codes of conv layer i (the graph's own output). */
    static double zeroFraction(SameDiff sd, INDArray x, int layer) {
        INDArray a = sd.output(Map.of(SameDiffCnn.INPUT, x), SameDiffCnn.ACT + layer).get(SameDiffCnn.ACT + layer);
        return a.eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }

    /** Two ista layers on 8×8 inputs: small, because SameDiff's session on an unrolled graph is slow. */
    static final CnnSpec ISTA_SMALL = new CnnSpec("ista-small", new InputShape(1, 8, 8), List.of(2, 3), 3, 4, 3);

    static void assertIstaSamePath(int k, boolean nhwc) {
        CnnSpec spec = ISTA_SMALL.withVariant("ista-" + k, Variant.ISTA, k, null);
        SameDiff sd = SameDiffCnn.build(spec, 10 + k, DataType.DOUBLE, nhwc);
        randomThresholds(sd, spec, k);
        SameDiffModel plain = new SameDiffModel(spec, sd);
        INDArray x = input(4, spec.input(), 4, DataType.DOUBLE);
        for (int layer = 0; layer < 2; layer++) { // λ > 0 zeroes some codes, not all: the masks matter
            double zeros = zeroFraction(sd, x, layer);
            assertTrue(zeros > 0.05 && zeros < 0.95, "K=" + k + " layer " + layer + " zero fraction " + zeros);
        }
        assertSamePath(plain, spec.input(), spec.classes(), DataType.DOUBLE, 4, 2);
        // new weights, thresholds and step between calls (as while training): read at every call
        sd.getArrForVarName("conv1_W").muli(1.3);
        sd.getArrForVarName("conv0_theta").subi(0.2);
        sd.getArrForVarName("conv1" + SameDiffCnn.ETA).muli(0.7);
        assertSamePath(plain, spec.input(), spec.classes(), DataType.DOUBLE, 2);
    }

    @Test
    void istaFloat64KZeroOneThree() {
        for (int k : new int[] {0, 1, 3}) {
            assertIstaSamePath(k, true);
        }
    }

    @Test
    void istaFloat64Nchw() {
        assertIstaSamePath(3, false);
    }

    @Test
    void istaFloat32() {
        CnnSpec spec = ISTA_SMALL.withVariant("ista-3", Variant.ISTA, 3, null);
        SameDiff sd = SameDiffCnn.build(spec, 4, DataType.FLOAT, true);
        randomThresholds(sd, spec, 4);
        assertSamePath(new SameDiffModel(spec, sd), spec.input(), spec.classes(), DataType.FLOAT, 5);
    }

    /** The sparse variants' layers with a threshold θ: both conv layers of {@link #SMALL} and dense0. */
    static final List<String> THRESHOLD_LAYERS = List.of("conv0", "conv1", "dense0");

    /** Random per-channel θ in [lo, lo + 3] for every layer of {@link #THRESHOLD_LAYERS}. */
    static void randomThetas(SameDiff sd, long seed, double lo) {
        SplittableRandom r = new SplittableRandom(seed);
        for (String p : THRESHOLD_LAYERS) {
            INDArray theta = sd.getArrForVarName(p + "_theta");
            for (int c = 0; c < theta.length(); c++) {
                theta.putScalar(c, lo + 3 * r.nextDouble());
            }
        }
    }

    /** Fraction of exact zeros in the graph's output {@code name}. */
    static double zeroFraction(SameDiff sd, INDArray x, String name) {
        INDArray a = sd.output(Map.of(SameDiffCnn.INPUT, x), name).get(name);
        return a.eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }

    /**
     * A sparse-prior or soft-threshold CNN against SameDiff's session on its own graph: random θ such that the
     * thresholds zero some but not all activations of every layer (checked on the graph's outputs), then new
     * weights and thresholds between calls (as while training), which the eager path must read at every call.
     */
    static void assertThresholdVariantSamePath(Variant variant, DataType dtype, boolean nhwc, long seed) {
        CnnSpec spec = SMALL.withVariant(variant.name().toLowerCase(java.util.Locale.ROOT), variant, null, null);
        SameDiff sd = SameDiffCnn.build(spec, seed, dtype, nhwc);
        // λ = softplus(θ): sparse prior (unit-norm filters, small |z|) in [0.0067, 0.13], soft threshold in [0.05, 0.7]
        randomThetas(sd, seed, variant == Variant.SPARSE_PRIOR ? -5 : -3);
        SameDiffModel plain = new SameDiffModel(spec, sd);
        assertTrue(EagerCnn.of(sd, spec).isPresent(), variant + " takes the eager path");
        INDArray x = input(4, spec.input(), 4, dtype);
        for (String name : List.of(SameDiffCnn.ACT + 0, SameDiffCnn.ACT + 1, SameDiffCnn.FEATURES)) {
            double zeros = zeroFraction(sd, x, name);
            // both branches of the mask occur (features: only 4 × 5 values)
            assertTrue(zeros > 0 && zeros < 1, variant + " " + name + " zero fraction " + zeros);
        }
        assertSamePath(plain, spec.input(), spec.classes(), dtype, 4, 2);
        String w = variant == Variant.SPARSE_PRIOR ? "_V" : "_W";
        sd.getArrForVarName("conv0" + w).muli(-0.7); // for the normalized kernel only the sign survives
        INDArray conv1 = sd.getArrForVarName("conv1" + w); // changes the filters' directions
        conv1.addi(input(1, new InputShape(1, 1, (int) conv1.length()), seed, dtype).reshape(conv1.shape()).subi(0.5));
        sd.getArrForVarName("dense0" + w).muli(1.3);
        sd.getArrForVarName("conv0_theta").subi(0.3);
        sd.getArrForVarName("dense0_theta").addi(0.2);
        assertSamePath(plain, spec.input(), spec.classes(), dtype, 3);
    }

    @Test
    void sparsePriorFloat64NhwcAndNchw() {
        assertThresholdVariantSamePath(Variant.SPARSE_PRIOR, DataType.DOUBLE, true, 21);
        assertThresholdVariantSamePath(Variant.SPARSE_PRIOR, DataType.DOUBLE, false, 22);
    }

    @Test
    void softThresholdFloat64NhwcAndNchw() {
        assertThresholdVariantSamePath(Variant.SOFT_THRESHOLD, DataType.DOUBLE, true, 23);
        assertThresholdVariantSamePath(Variant.SOFT_THRESHOLD, DataType.DOUBLE, false, 24);
    }

    @Test
    void sparsePriorAndSoftThresholdFloat32() {
        assertThresholdVariantSamePath(Variant.SPARSE_PRIOR, DataType.FLOAT, true, 25);
        assertThresholdVariantSamePath(Variant.SOFT_THRESHOLD, DataType.FLOAT, true, 26);
    }

    /**
     * A k-WTA CNN against SameDiff's session on its own graph (whose bisection and mask are the expected values):
     * the layers keep some but not all activations, then new weights between calls (read at every call).
     */
    static void assertKwtaSamePath(DataType dtype, boolean nhwc, double ratio, long seed) {
        CnnSpec spec = SMALL.withVariant("kwta", Variant.KWTA, null, ratio);
        SameDiff sd = SameDiffCnn.build(spec, seed, dtype, nhwc);
        SameDiffModel plain = new SameDiffModel(spec, sd);
        assertTrue(EagerCnn.of(sd, spec).isPresent(), "kwta takes the eager path");
        INDArray x = input(4, spec.input(), 4, dtype);
        for (String name : List.of(SameDiffCnn.ACT + 0, SameDiffCnn.ACT + 1)) {
            double zeros = zeroFraction(sd, x, name);
            assertTrue(zeros > 0.5 && zeros < 1, "kwta " + ratio + " " + name + " zero fraction " + zeros);
        }
        assertSamePath(plain, spec.input(), spec.classes(), dtype, 4, 2);
        sd.getArrForVarName("conv0_W").muli(-0.7);
        INDArray conv1 = sd.getArrForVarName("conv1_W");
        conv1.addi(input(1, new InputShape(1, 1, (int) conv1.length()), seed, dtype).reshape(conv1.shape()).subi(0.5));
        sd.getArrForVarName("conv1_b").addi(0.05);
        sd.getArrForVarName("dense0_W").muli(1.3);
        assertSamePath(plain, spec.input(), spec.classes(), dtype, 3);
    }

    @Test
    void kwtaFloat64NhwcAndNchw() {
        assertKwtaSamePath(DataType.DOUBLE, true, 0.1, 31);
        assertKwtaSamePath(DataType.DOUBLE, false, 0.2, 32);
        assertKwtaSamePath(DataType.DOUBLE, false, 0.1, 33);
    }

    @Test
    void kwtaFloat32NhwcAndNchw() {
        assertKwtaSamePath(DataType.FLOAT, true, 0.2, 34);
        assertKwtaSamePath(DataType.FLOAT, false, 0.1, 35);
    }

    @Test
    void stridedAndEvenKernelConvolutionsKeepTheTransposedConvolution() {
        // stride 2 and SAME with an even kernel are not a stride-1 symmetric convolution: FlippedKernel declines
        // and the backward pass runs deconv2d. Expected: SameDiff's gradient of sum(upstream ⊙ logits).
        for (boolean nhwc : new boolean[] {true, false}) {
            SplittableRandom r = new SplittableRandom(nhwc ? 1 : 2);
            SameDiff sd = SameDiff.create();
            sd.setEnableCache(false);
            SDVariable in = sd.placeHolder(SameDiffCnn.INPUT, DataType.DOUBLE, -1, 2, 8, 8);
            SDVariable x = nhwc ? sd.permute(in, 0, 2, 3, 1) : in;
            x = sd.cnn.conv2d(x, sd.var("w1", random(r, 3, 3, 2, 3)), sd.var("b1", random(r, 3)),
                    Conv2DConfig.builder().kH(3).kW(3).sH(2).sW(2).paddingMode(PaddingMode.SAME)
                            .dataFormat(nhwc ? "NHWC" : "NCHW").build()); // 8x8 -> 4x4
            x = sd.nn.relu(x, 0);
            x = sd.cnn.conv2d(x, sd.var("w2", random(r, 2, 2, 3, 2)), sd.var("b2", random(r, 2)),
                    Conv2DConfig.builder().kH(2).kW(2).sH(1).sW(1).paddingMode(PaddingMode.SAME)
                            .dataFormat(nhwc ? "NHWC" : "NCHW").build());
            SDVariable logits = sd.nn.linear(SameDiffCnn.LOGITS, sd.reshape(x, -1, 32), sd.var("w3", random(r, 32, 3)),
                    sd.var("b3", random(r, 3)));
            SDVariable upstream = sd.placeHolder(SameDiffCnn.UPSTREAM, DataType.DOUBLE, -1, 3);
            upstream.mul(logits).sum("objective");
            sd.setLossVariables("objective");
            sd.createGradFunction(SameDiffCnn.INPUT); // prints "Added differentiated op" lines (M2.1)
            EagerCnn eager = EagerCnn.of(sd, 3).orElseThrow();
            INDArray xs = input(4, new InputShape(2, 8, 8), 3, DataType.DOUBLE);
            INDArray w = input(1, new InputShape(1, 4, 3), 4, DataType.DOUBLE).reshape(4, 3).subi(0.5);
            Map<String, INDArray> ph = Map.of(SameDiffCnn.INPUT, xs, SameDiffCnn.UPSTREAM, w);
            INDArray expected = sd.calculateGradients(ph, SameDiffCnn.INPUT).get(SameDiffCnn.INPUT);
            INDArray[] got = eager.gradient(xs, null, w);
            assertClose(sd.output(ph, SameDiffCnn.LOGITS).get(SameDiffCnn.LOGITS), got[0], 1e-10, "logits");
            assertClose(expected, got[2], 1e-10, (nhwc ? "NHWC" : "NCHW") + " input gradient");
        }
    }

    private static INDArray random(SplittableRandom r, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian() * 0.5;
        }
        return Nd4j.create(v, shape, DataType.DOUBLE);
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

    /**
     * Every committed zoo checkpoint, through SameDiffModel and EagerModel, against SameDiff's session; the second,
     * smaller batch runs on views of the first batch's buffers (a condition's partial last batch).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"relu-cnn, 6", "sparse-prior-cnn, 3", "soft-threshold-cnn, 3", "ista-cnn, 3", "kwta-cnn, 3"})
    void committedCheckpoint(String id, int batch) {
        Model m = new CheckpointModelProvider().load(id, Path.of("models"));
        assertTrue(m instanceof SameDiffModel, id);
        assertSamePath((SameDiffModel) m, new InputShape(1, 28, 28), 10, DataType.FLOAT, batch, batch - 1);
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
