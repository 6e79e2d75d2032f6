package org.sparsebench.suites.adversarial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparsebench.api.Bounds;

class NormsProjectTest {

    /** The projection as six native ND4J ops (the implementation before the host pass), as reference. */
    private static INDArray nativeProject(INDArray x, INDArray xAdv, double epsilon, String norm, Bounds bounds) {
        INDArray d = xAdv.sub(x);
        if (Norms.LINF.equals(norm)) {
            d = Transforms.min(Transforms.max(d, -epsilon, false), epsilon, false);
        } else {
            INDArray n = Norms.norm(d, Norms.L2);
            INDArray scale = Transforms.min(Nd4j.ones(n.dataType(), n.shape()).muli(epsilon).divi(n.add(1e-12)), 1.0,
                    false);
            long[] shape = new long[d.rank()];
            java.util.Arrays.fill(shape, 1);
            shape[0] = d.size(0);
            d = d.mul(scale.reshape(shape));
        }
        INDArray out = x.add(d);
        return Transforms.min(Transforms.max(out, bounds.lower(), false), bounds.upper(), false);
    }

    @Test
    void hostProjectionIsBitIdenticalToTheNativeOps() {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 9, 1, 6, 5);
        // Candidates well outside the ball and the bounds, one row exactly at x (zero difference).
        INDArray adv = x.add(Nd4j.randn(DataType.FLOAT, 9, 1, 6, 5).muli(0.8));
        adv.putSlice(3, x.slice(3).dup());
        for (String norm : new String[] {Norms.LINF, Norms.L2}) {
            for (double eps : new double[] {0.03, 0.3, 1.0, 10}) {
                INDArray expected = nativeProject(x, adv, eps, norm, Bounds.UNIT);
                INDArray actual = Norms.project(x, adv, eps, norm, Bounds.UNIT);
                assertArrayEquals(expected.shape(), actual.shape());
                assertEquals(DataType.FLOAT, actual.dataType());
                float[] e = expected.dup('c').data().asFloat();
                float[] a = actual.dup('c').data().asFloat();
                for (int k = 0; k < e.length; k++) {
                    assertEquals(Float.floatToIntBits(e[k]), Float.floatToIntBits(a[k]),
                            norm + " eps=" + eps + " element " + k + ": " + e[k] + " vs " + a[k]);
                }
            }
        }
    }

    @Test
    void aFlatMatrixAndAViewProjectAlike() {
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 20);
        INDArray adv = x.add(Nd4j.randn(DataType.FLOAT, 6, 20));
        INDArray view = adv.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5));
        INDArray xv = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5));
        assertEquals(nativeProject(xv, view, 0.1, Norms.LINF, Bounds.UNIT),
                Norms.project(xv, view, 0.1, Norms.LINF, Bounds.UNIT));
        assertEquals(nativeProject(xv, view, 0.5, Norms.L2, Bounds.UNIT),
                Norms.project(xv, view, 0.5, Norms.L2, Bounds.UNIT));
    }

    @Test
    void hostSignStepIsBitIdenticalToTheNativeOps() {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 7, 30);
        INDArray g = Nd4j.randn(DataType.FLOAT, 7, 30);
        g.putScalar(0, 3, 0f); // sign(0) = 0
        INDArray before = x.dup();
        for (double step : new double[] {0.25 * 0.05, 2.5 / 10 * 0.1, 1e-3}) {
            INDArray expected = x.dup().addi(Transforms.sign(g, true).muli(step));
            INDArray actual = Rows.signStep(x, g, step);
            float[] e = expected.data().asFloat();
            float[] a = actual.data().asFloat();
            for (int k = 0; k < e.length; k++) {
                assertEquals(Float.floatToIntBits(e[k]), Float.floatToIntBits(a[k]), "step=" + step + " element " + k);
            }
        }
        assertEquals(before, x, "x unchanged");
    }

    @Test
    void takeCopiesTheListedRowsLikePullRows() {
        Nd4j.getRandom().setSeed(9);
        INDArray a = Nd4j.rand(DataType.FLOAT, 8, 13);
        int[] rows = {5, 0, 5, 7};
        assertEquals(Nd4j.pullRows(a, 1, rows, 'c'), Rows.take(a, rows));
        INDArray view = a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 6));
        assertEquals(Nd4j.pullRows(view, 1, new int[] {3, 1}, 'c'), Rows.take(view, new int[] {3, 1}));
    }
}
