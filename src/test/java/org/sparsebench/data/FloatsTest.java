package org.sparsebench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class FloatsTest {

    @Test
    void equalsTheElementwiseCopyForPlainViewsOtherOrdersAndTypes() {
        // Reference: DataBuffer.asFloat() of a fresh row-major float copy (ND4J's own element-wise path).
        Nd4j.getRandom().setSeed(3);
        INDArray plain = Nd4j.rand(DataType.FLOAT, 5, 2, 3, 4);
        INDArray view = plain.get(NDArrayIndex.interval(1, 4));
        INDArray fortran = plain.dup('f');
        INDArray doubles = plain.castTo(DataType.DOUBLE);
        INDArray transposed = Nd4j.rand(DataType.FLOAT, 6, 7).transpose();
        for (INDArray x : new INDArray[] {plain, view, fortran, doubles, transposed}) {
            float[] expected = x.castTo(DataType.FLOAT).dup('c').data().asFloat();
            assertArrayEquals(expected, Floats.of(x), 0f);
        }
    }

    @Test
    void arrayEqualsNd4jCreate() {
        float[] v = new float[2 * 3 * 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.37f - 2;
        }
        long[] shape = {2, 3, 4};
        INDArray expected = Nd4j.create(v, shape, 'c');
        INDArray actual = Floats.array(v, shape);
        org.junit.jupiter.api.Assertions.assertEquals(expected, actual);
        assertArrayEquals(v, actual.data().asFloat(), 0f);
        v[0] = 99; // a copy: later changes to the values do not reach the array
        org.junit.jupiter.api.Assertions.assertEquals(-2f, actual.getFloat(0), 0f);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Floats.array(new float[5], shape));
    }

    @Test
    void scratchHoldsTheValuesAndIsReusedPerSlot() {
        INDArray big = Nd4j.rand(DataType.FLOAT, 4, 5);
        INDArray small = Nd4j.rand(DataType.DOUBLE, 2, 3);
        float[] a = Floats.scratch(big, 0);
        assertArrayEquals(big.data().asFloat(), java.util.Arrays.copyOf(a, 20), 0f);
        float[] b = Floats.scratch(small, 0);
        org.junit.jupiter.api.Assertions.assertSame(a, b, "slot 0 reused: large enough");
        assertArrayEquals(small.castTo(DataType.FLOAT).data().asFloat(), java.util.Arrays.copyOf(b, 6), 0f);
        org.junit.jupiter.api.Assertions.assertNotSame(a, Floats.scratch(small, 1), "slots are separate");
        INDArray back = Floats.array(b, 6, new long[] {2, 3});
        org.junit.jupiter.api.Assertions.assertEquals(small.castTo(DataType.FLOAT), back);
    }
}
