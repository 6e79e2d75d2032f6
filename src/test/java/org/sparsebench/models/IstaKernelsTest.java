package org.sparsebench.models;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link IstaKernels}' fused passes against the libnd4j op sequences they replace in {@link EagerCnn}
 * ({@code rsub, axpy, relu} and {@code add, sign, mul}), run on the same inputs: the independent answer is
 * libnd4j itself. Values agree to 1 ulp of the result (libnd4j may contract {@code a + η·v} into one fused
 * multiply-add; everything else is the same IEEE operations in the same order), the special values (NaN,
 * ±0, ±∞) exactly as libnd4j treats them. Sizes cover one chunk and several parallel chunks.
 */
class IstaKernelsTest {

    private static INDArray random(DataType t, int n, long seed, boolean specials) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-2, 2);
        }
        if (specials) {
            double[] s = {Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-30, -1e-30};
            for (int i = 0; i < s.length; i++) {
                v[(int) (i * 7919L % n)] = s[i];
            }
        }
        return Nd4j.createFromArray(v).castTo(t);
    }

    private static void exec(String op, INDArray[] in, INDArray out, double t) {
        Nd4j.exec(DynamicCustomOp.builder(op).addInputs(in).addOutputs(out).addFloatingPointArguments(t).build());
    }

    /** Equal, both NaN, or within one ulp of the expected value. */
    private static void assertUlp(INDArray expected, INDArray actual, String what) {
        assertUlp(expected, actual, expected, what);
    }

    /**
     * Equal, both NaN, or within one ulp of {@code scale} (the largest operand of the last addition: a fused
     * multiply-add skips the rounding of the product, an error of up to half an ulp of the product, which
     * cancellation can make many ulps of a small result).
     */
    private static void assertUlp(INDArray expected, INDArray actual, INDArray scale, String what) {
        double[] e = expected.castTo(DataType.DOUBLE).toDoubleVector();
        double[] a = actual.castTo(DataType.DOUBLE).toDoubleVector();
        double[] m = scale.castTo(DataType.DOUBLE).toDoubleVector();
        boolean f = expected.dataType() == DataType.FLOAT;
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i]) || Double.isNaN(a[i])) {
                assertTrue(Double.isNaN(e[i]) && Double.isNaN(a[i]), what + " NaN at " + i + ": " + e[i] + " vs " + a[i]);
                continue;
            }
            double s = Math.max(Math.abs(e[i]), Double.isFinite(m[i]) ? Math.abs(m[i]) : 0);
            double ulp = f ? Math.ulp((float) s) : Math.ulp(s);
            assertTrue(e[i] == a[i] || Math.abs(e[i] - a[i]) <= ulp, what + " at " + i + ": " + e[i] + " vs " + a[i]);
        }
    }

    @Test
    void stepIsRsubAxpyRelu() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int n : new int[] {1, 1000, 200_003}) {
                INDArray a = random(t, n, 1, true).dup('c');
                INDArray zb = random(t, n, 2, true).dup('c');
                INDArray u = random(t, n, 3, true).dup('c');
                double eta = 0.37;
                INDArray expected = u.dup();
                expected.rsubi(zb);
                exec("axpy", new INDArray[] {a, expected}, expected, eta);
                exec("relu", new INDArray[] {expected}, expected, 0.0);
                INDArray scale = Transforms.max(Transforms.abs(a), Transforms.abs(zb.sub(u).muli(eta)));
                INDArray out = Nd4j.create(t, n);
                IstaKernels.step(a, zb, u, eta, out);
                assertUlp(expected, out, scale, t + " n=" + n);
                IstaKernels.step(a, zb, u, eta, u); // in place over u
                assertUlp(expected, u, scale, t + " n=" + n + " in place");
            }
        }
    }

    @Test
    void maskIsAddSignMul() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int n : new int[] {1, 1000, 200_003}) {
                // codes are ReLU outputs (≥ 0, possibly −0 or NaN); g and h gradients with specials
                INDArray code = Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.ScalarMax(random(t, n, 4, true), 0.0));
                code.putScalar(n / 2, -0.0);
                INDArray g = random(t, n, 5, true).dup('c');
                INDArray h = random(t, n, 6, true).dup('c');
                INDArray sum = g.add(h);
                INDArray expected = Nd4j.exec(new Sign(code, Nd4j.create(t, n))).muli(sum);
                INDArray out = Nd4j.create(t, n);
                IstaKernels.mask(code, g, h, out);
                assertUlp(expected, out, t + " n=" + n);
                INDArray onlyG = Nd4j.exec(new Sign(code, Nd4j.create(t, n))).muli(g);
                IstaKernels.mask(code, g, null, out);
                assertUlp(onlyG, out, t + " n=" + n + " without h");
                IstaKernels.mask(code, g, h, h); // in place over h, as EagerCnn uses it
                assertUlp(expected, h, t + " n=" + n + " in place");
            }
        }
    }

    @Test
    void onlyDenseRowMajorFloatingBuffersAreFusable() {
        INDArray a = Nd4j.create(DataType.FLOAT, 4, 6);
        assertTrue(IstaKernels.fusable(a, Nd4j.create(DataType.FLOAT, 4, 6)));
        assertFalse(IstaKernels.fusable(a, Nd4j.create(DataType.DOUBLE, 4, 6)), "mixed types");
        assertFalse(IstaKernels.fusable(a, Nd4j.create(DataType.FLOAT, 6, 4).transpose()), "a transposed view");
        assertFalse(IstaKernels.fusable(Nd4j.create(DataType.FLOAT, 8, 6).get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 8), org.nd4j.linalg.indexing.NDArrayIndex.all())),
                "a view with an offset");
        assertFalse(IstaKernels.fusable(Nd4j.create(DataType.HALF, 4, 6)), "half precision");
        INDArray view = Nd4j.create(DataType.FLOAT, 6, 4).transpose();
        assertThrows(IllegalArgumentException.class, () -> IstaKernels.step(a, a, view, 0.5, a));
        assertThrows(IllegalArgumentException.class, () -> IstaKernels.mask(a, view, null, a));
    }
}
