package org.sparsebench.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.FirstConvLayer;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.sparse.CodingLayer;

/** Every variant on a tiny float64 backbone: input gradients, K = 0 equivalence, kWTA counts, firstConv. */
class ZooVariantsTest {
    /** 1x8x8 input, conv 2-3, 4 hidden units, 3 classes: small enough for finite differences of every input. */
    static final CnnSpec TINY = new CnnSpec("tiny", new InputShape(1, 8, 8), List.of(2, 3), 3, 4, 3);

    static CnnSpec tiny(Variant v) {
        return switch (v) {
            case ISTA -> TINY.withVariant("tiny-ista", v, 2, null);
            case KWTA -> TINY.withVariant("tiny-kwta", v, null, 0.3);
            case RELU -> TINY;
            default -> TINY.withVariant("tiny-" + v.id(), v, null, null);
        };
    }

    static SameDiffModel model(CnnSpec spec, long seed) {
        return new SameDiffModel(spec, SameDiffCnn.build(spec, seed, DataType.DOUBLE, true));
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void inputGradientMatchesCentralDifferences(Variant v) {
        // known answer: central differences of the cross-entropy computed in Java from forward-only logits,
        // h = 1e-6 in float64 (error ~1e-9), on 6 random coordinates of each of two random inputs
        SameDiffModel m = model(tiny(v), 3);
        java.util.SplittableRandom pick = new java.util.SplittableRandom(v.ordinal());
        for (long s = 1; s <= 2; s++) {
            INDArray x = SameDiffModelTest.randomInput(2, TINY.input(), 10 * s, DataType.DOUBLE);
            int[] y = {(int) s, 2};
            INDArray grad = m.gradient(x, Loss.crossEntropy(y)).inputGradient();
            INDArray flat = x.reshape(x.length());
            INDArray gflat = grad.reshape(grad.length());
            double h = 1e-6;
            for (int t = 0; t < 6; t++) {
                int i = pick.nextInt((int) flat.length());
                double orig = flat.getDouble(i);
                flat.putScalar(i, orig + h);
                double plus = crossEntropy(m.logits(x), y);
                flat.putScalar(i, orig - h);
                double minus = crossEntropy(m.logits(x), y);
                flat.putScalar(i, orig);
                double fd = (plus - minus) / (2 * h);
                assertEquals(fd, gflat.getDouble(i), 1e-6 + 1e-5 * Math.abs(fd), v + ": input coordinate " + i);
            }
        }
    }

    /** Summed -log softmax(z)[y], in Java. */
    static double crossEntropy(INDArray z, int[] y) {
        double sum = 0;
        for (int n = 0; n < y.length; n++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < z.size(1); k++) {
                max = Math.max(max, z.getDouble(n, k));
            }
            double e = 0;
            for (int k = 0; k < z.size(1); k++) {
                e += Math.exp(z.getDouble(n, k) - max);
            }
            sum += max + Math.log(e) - z.getDouble(n, y[n]);
        }
        return sum;
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyVariantHasTheBaselinesParameterCount(Variant v) {
        // θ (one threshold per channel) takes the place of the bias; ISTA adds only the constant η
        assertEquals(TINY.parameterCount(), SameDiffCnn.parameterCount(SameDiffCnn.build(tiny(v), 1)));
        assertEquals(CnnSpec.reluCnn().parameterCount(), SameDiffCnn.parameterCount(SameDiffCnn.build(
                CnnSpec.reluCnn().withVariant("x", v, v == Variant.ISTA ? 1 : null, v == Variant.KWTA ? 0.2 : null), 1)));
    }

    @Test
    void istaWithZeroIterationsIsTheReluNetworkWithBiasMinusLambda() {
        // known answer: K = 0 must be conv + ReLU with b = -softplus(θ); the reference is the plain relu graph
        // with the ista graph's weights copied in and its biases set to the ista graph's -λ
        CnnSpec ista = TINY.withVariant("tiny-ista0", Variant.ISTA, 0, null);
        SameDiffModel m = model(ista, 9);
        SameDiff reference = SameDiffCnn.build(TINY, 1, DataType.DOUBLE, true);
        List<CodingLayer> layers = m.codingLayers();
        for (SDVariable var : m.graph().variables()) {
            if (var.getVariableType() == VariableType.VARIABLE && reference.hasVariable(var.name())) {
                reference.getArrForVarName(var.name()).assign(var.getArr());
            }
        }
        for (int i = 0; i < TINY.convChannels().size(); i++) {
            reference.getArrForVarName("conv" + i + "_b").assign(layers.get(i).bias());
            assertTrue(layers.get(i).bias().maxNumber().doubleValue() < 0, "bias = -softplus(θ) < 0");
        }
        SameDiffModel ref = new SameDiffModel(TINY, reference);
        INDArray x = SameDiffModelTest.randomInput(4, TINY.input(), 5, DataType.DOUBLE);
        assertEquals(ref.logits(x), m.logits(x), "K = 0 logits must equal conv + ReLU exactly");
        assertEquals(ref.features(x), m.features(x));
    }

    @Test
    void kwtaKeepsTheLargestFractionOfEachLayer() {
        // known answer: each conv activation keeps round(0.3 * H*W*C) values per sample (continuous inputs: no ties),
        // and the kept ones are the largest of the pre-activations
        CnnSpec spec = tiny(Variant.KWTA);
        SameDiffModel m = model(spec, 4);
        INDArray x = SameDiffModelTest.randomInput(3, TINY.input(), 6, DataType.DOUBLE);
        Map<String, INDArray> out = m.graph().output(Map.of(SameDiffCnn.INPUT, x), "conv0", "act0", "act1",
                SameDiffCnn.FEATURES);
        INDArray pre = out.get("conv0").reshape(3, -1);
        INDArray act = out.get("act0").reshape(3, -1);
        long k0 = Math.round(0.3 * 8 * 8 * 2);
        for (int n = 0; n < 3; n++) {
            double[] z = pre.getRow(n).toDoubleVector();
            double[] a = act.getRow(n).toDoubleVector();
            double[] sorted = z.clone();
            java.util.Arrays.sort(sorted);
            double kth = sorted[sorted.length - (int) k0];
            int kept = 0;
            for (int j = 0; j < z.length; j++) {
                if (z[j] >= kth) {
                    assertEquals(z[j], a[j], 0.0, "winner " + j + " passes unchanged");
                    kept++;
                } else {
                    assertEquals(0.0, a[j], 0.0, "loser " + j + " is zeroed");
                }
            }
            assertEquals(k0, kept);
        }
        // deeper layers see exact ties (positions whose receptive field is all zeros give z = bias): all values
        // tied with the k-th largest are kept, so check the threshold property rather than the count
        Map<String, INDArray> deep = m.graph().output(Map.of(SameDiffCnn.INPUT, x), "conv1", "act1", "act1_mask",
                "dense0", SameDiffCnn.FEATURES, "features_mask");
        assertWinners(deep.get("conv1").reshape(3, -1), deep.get("act1").reshape(3, -1), deep.get("act1_mask"),
                Math.round(0.3 * 4 * 4 * 3));
        assertWinners(deep.get("dense0"), deep.get(SameDiffCnn.FEATURES), deep.get("features_mask"), Math.round(0.3 * 4));
    }

    /** Per row: kept values pass unchanged, at least k are kept, every kept value ≥ every dropped one, and
     * fewer than k values exceed the smallest kept one (it is the k-th largest). */
    private static void assertWinners(INDArray pre, INDArray act, INDArray mask, long k) {
        for (int n = 0; n < pre.size(0); n++) {
            double[] z = pre.getRow(n).toDoubleVector();
            double[] a = act.getRow(n).toDoubleVector();
            double[] w = mask.getRow(n).toDoubleVector();
            double minKept = Double.POSITIVE_INFINITY;
            double maxDropped = Double.NEGATIVE_INFINITY;
            int kept = 0;
            for (int j = 0; j < z.length; j++) {
                if (w[j] == 1) {
                    assertEquals(z[j], a[j], 0.0);
                    minKept = Math.min(minKept, z[j]);
                    kept++;
                } else {
                    assertEquals(0.0, a[j], 0.0);
                    maxDropped = Math.max(maxDropped, z[j]);
                }
            }
            int above = 0;
            for (double v : z) {
                above += v > minKept ? 1 : 0;
            }
            assertTrue(kept >= k && above < k && minKept > maxDropped, "row " + n + ": kept " + kept + ", k " + k);
        }
    }

    @Test
    void softThresholdIsTwoSided() {
        // known answer: act = sign(z) max(|z| - λ, 0) elementwise, from the graph's own z and λ
        CnnSpec spec = tiny(Variant.SOFT_THRESHOLD);
        SameDiffModel m = model(spec, 2);
        INDArray x = SameDiffModelTest.randomInput(2, TINY.input(), 8, DataType.DOUBLE);
        Map<String, INDArray> out = m.graph().output(Map.of(SameDiffCnn.INPUT, x), "conv0", "act0", "conv0_lambda");
        INDArray z = out.get("conv0");
        INDArray a = out.get("act0");
        INDArray lambda = out.get("conv0_lambda");
        int negatives = 0;
        for (long i = 0; i < z.length(); i++) {
            double zi = z.getDouble(i);
            double l = lambda.getDouble(i % lambda.length()); // NHWC: channel is the fastest axis
            double expected = Math.signum(zi) * Math.max(Math.abs(zi) - l, 0);
            assertEquals(expected, a.getDouble(i), 1e-15);
            negatives += expected < 0 ? 1 : 0;
        }
        assertTrue(negatives > 0, "some codes are negative: the threshold is two-sided");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void firstConvDescribesTheFirstLayer(Variant v) {
        // the layer's output on the input equals threshold(conv(x, filters) - λ) computed from firstConv
        // (for one-step variants), checked against the graph's own first activation
        SameDiffModel m = model(tiny(v), 6);
        FirstConvLayer f = m.firstConv().orElseThrow();
        assertArrayEquals(new long[] {2, 1, 3, 3}, f.filters().shape());
        assertArrayEquals(new long[] {2}, f.lambda().shape());
        assertTrue(f.lambda().minNumber().doubleValue() >= 0);
        assertEquals(v == Variant.ISTA ? 2 : 0, f.istaIterations());
        assertEquals(v == Variant.SOFT_THRESHOLD, f.twoSided());
        if (v == Variant.ISTA) {
            assertTrue(f.istaStep() > 0 && f.istaStep() < 10);
        }
        if (v == Variant.SPARSE_PRIOR) {
            for (int o = 0; o < 2; o++) {
                assertEquals(1.0, f.filters().slice(o).norm2Number().doubleValue(), 1e-6);
            }
        }
    }
}
