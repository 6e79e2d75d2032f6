package org.sparsebench.suites.support;

import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Host copies of ND4J arrays and back. {@code DataBuffer.asFloat()} and {@code Nd4j.create(float[], …)}
 * copy element by element (about 9 ns a value); a bulk read or write of the native buffer through NIO
 * is ~10× faster.
 */
public final class Floats {
    private Floats() {
    }

    /** The values of {@code x} as float32 in row-major ({@code 'c'}) order; a fresh array. */
    public static float[] of(INDArray x) {
        INDArray c = x.dataType() == DataType.FLOAT && x.ordering() == 'c' && !x.isView() && x.offset() == 0
                && x.data().length() == x.length() ? x : x.castTo(DataType.FLOAT).dup('c');
        float[] out = new float[Math.toIntExact(c.length())];
        c.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().get(0, out);
        return out;
    }

    /** A new row-major float32 array of {@code shape} holding {@code values} (copied); as {@code Nd4j.create(values, shape, 'c')}. */
    public static INDArray array(float[] values, long[] shape) {
        INDArray x = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        if (x.length() != values.length) {
            throw new IllegalArgumentException(values.length + " values for shape " + java.util.Arrays.toString(shape));
        }
        x.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().put(0, values);
        return x;
    }
}
