package org.sparsebench.suites.adversarial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Row copies (bulk through the native buffers, or row by row for views) against hand-built expectations. */
class RowsTest {

    private static INDArray matrix(int rows, int cols, float base) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = base + i;
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c');
    }

    @Test
    void scatterTakeAndBlendMoveExactlyTheNamedRows() {
        INDArray src = matrix(3, 4, 100);
        for (boolean view : new boolean[] {false, true}) {
            // A column-major matrix takes the row-by-row path; the result must be the same.
            INDArray dst = view ? matrix(4, 4, 0).dup('f') : matrix(4, 4, 0);
            float[][] expected = dst.toFloatMatrix();
            Rows.scatter(dst, new int[] {3, 0, 2}, src);
            expected[3] = new float[] {100, 101, 102, 103};
            expected[0] = new float[] {104, 105, 106, 107};
            expected[2] = new float[] {108, 109, 110, 111};
            for (int r = 0; r < 4; r++) {
                assertArrayEquals(expected[r], dst.getRow(r).toFloatVector(), "view=" + view + " row " + r);
            }
        }
        INDArray taken = Rows.take(src, new int[] {2, 0});
        assertArrayEquals(new float[] {108, 109, 110, 111, 100, 101, 102, 103}, taken.data().asFloat());
        INDArray dst = matrix(3, 4, 0);
        Rows.blend(dst, src, new boolean[] {false, true, false});
        assertArrayEquals(new float[] {0, 1, 2, 3, 104, 105, 106, 107, 8, 9, 10, 11},
                dst.dup('c').data().asFloat());
    }
}
