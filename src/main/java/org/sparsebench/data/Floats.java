package org.sparsebench.data;

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
        return array(values, values.length, shape);
    }

    /** A new row-major float32 array of {@code shape} holding the first {@code length} of {@code values} (copied). */
    public static INDArray array(float[] values, int length, long[] shape) {
        INDArray x = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        if (x.length() != length || length > values.length) {
            throw new IllegalArgumentException(length + " values for shape " + java.util.Arrays.toString(shape));
        }
        x.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().put(0, values, 0, length);
        return x;
    }

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    /**
     * Like {@link #of} into the calling thread's scratch array number {@code slot} (0 or 1), reused from
     * call to call so hot loops make no garbage: the first {@code x.length()} values are valid until this
     * thread's next call with the same slot. The array may be longer.
     */
    public static float[] scratch(INDArray x, int slot) {
        INDArray c = x.dataType() == DataType.FLOAT && x.ordering() == 'c' && !x.isView() && x.offset() == 0
                && x.data().length() == x.length() ? x : x.castTo(DataType.FLOAT).dup('c');
        int n = Math.toIntExact(c.length());
        float[][] slots = SCRATCH.get();
        if (slots[slot].length < n) {
            slots[slot] = new float[n];
        }
        c.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().get(0, slots[slot], 0, n);
        return slots[slot];
    }
}
