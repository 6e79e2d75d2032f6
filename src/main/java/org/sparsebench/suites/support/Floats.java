package org.sparsebench.suites.support;

import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Host copies of ND4J arrays. {@code DataBuffer.asFloat()} copies element by element (about 9 ns a
 * value); a bulk read of the native buffer through NIO is ~10× faster.
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
}
