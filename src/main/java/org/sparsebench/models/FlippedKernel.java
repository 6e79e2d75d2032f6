package org.sparsebench.models;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The input gradient of a stride-1, dilation-1 convolution as a convolution: for
 * {@code y = conv2d(x, W)} with W {@code [kH, kW, in, out]} and padding p per side,
 * {@code ∂L/∂x = conv2d(∂L/∂y, W̃)} with padding {@code k − 1 − p}, where
 * {@code W̃[a, b, o, i] = W[kH−1−a, kW−1−b, i, o]} is W flipped in both spatial axes with its
 * channel axes swapped (the adjoint kernel of {@link org.sparsebench.sparse.UnrolledIsta}). SAME
 * padding with odd kernels is symmetric, so it stays SAME; VALID with explicit padding p becomes
 * explicit padding {@code k − 1 − p}.
 *
 * <p>Why: on this machine oneDNN runs {@code deconv2d} (the direct transposed convolution) for the
 * zoo's NHWC 3×3 SAME layers 10-45× slower than {@code conv2d} of the same size (docs/PERFORMANCE.md).
 *
 * <p>{@link #refresh} rewrites W̃ from the current W into one reused buffer (weights may change
 * between calls while training); a Java loop over a precomputed index table on the native buffers
 * (~15 µs for 18k values, where libnd4j's {@code gather} or {@code reverse} + permuted assign take
 * 1-10 ms). Not thread-safe.
 */
final class FlippedKernel {
    private final int[] source; // source[j] = flat index in W of the j-th value of W̃
    private final INDArray flipped;
    private final int[] backwardArgs;
    /** Depthwise products per channel and the ones vector that sums them (one-output-channel kernels). */
    private INDArray perChannel;
    private INDArray ones;

    private FlippedKernel(long[] wShape, DataType dtype, int[] backwardArgs) {
        int kh = (int) wShape[0];
        int kw = (int) wShape[1];
        int in = (int) wShape[2];
        int out = (int) wShape[3];
        this.source = new int[kh * kw * in * out];
        int j = 0;
        for (int a = 0; a < kh; a++) {
            for (int b = 0; b < kw; b++) {
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < in; i++) {
                        source[j++] = (((kh - 1 - a) * kw + (kw - 1 - b)) * in + i) * out + o;
                    }
                }
            }
        }
        this.flipped = Nd4j.create(dtype, kh, kw, out, in);
        this.backwardArgs = backwardArgs;
    }

    /**
     * The flipped kernel of a conv2d with integer arguments {@code iArgs} (libnd4j order: kH, kW, sH, sW,
     * pH, pW, dH, dW, paddingMode, dataFormat[, weightFormat]) and weights of shape {@code wShape}, or
     * null when its input gradient is not a plain convolution (stride or dilation ≠ 1, SAME with an even
     * kernel, a padding mode other than SAME/VALID, weights not {@code [kH, kW, in, out]}).
     */
    static FlippedKernel of(int[] iArgs, long[] wShape, DataType dtype) {
        if (iArgs.length < 10 || wShape.length != 4 || (iArgs.length > 10 && iArgs[10] != 0)) {
            return null;
        }
        int kh = iArgs[0];
        int kw = iArgs[1];
        if (kh != wShape[0] || kw != wShape[1] || iArgs[2] != 1 || iArgs[3] != 1 || iArgs[6] != 1 || iArgs[7] != 1) {
            return null;
        }
        int[] back = Arrays.copyOf(iArgs, iArgs.length);
        if (iArgs[8] == 1) {
            if (kh % 2 == 0 || kw % 2 == 0) {
                return null;
            }
        } else if (iArgs[8] == 0) {
            int ph = kh - 1 - iArgs[4];
            int pw = kw - 1 - iArgs[5];
            if (ph < 0 || pw < 0) {
                return null;
            }
            back[4] = ph;
            back[5] = pw;
        } else {
            return null;
        }
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            return null;
        }
        return new FlippedKernel(wShape, dtype, back);
    }

    /** conv2d integer arguments of the input-gradient convolution (same layout, padding k − 1 − p). */
    int[] backwardArgs() {
        return backwardArgs;
    }

    /** W̃ of the current {@code w}, in the reused buffer (valid until the next refresh). */
    INDArray refresh(INDArray w) {
        INDArray src = w.ordering() == 'c' && w.offset() == 0 && w.elementWiseStride() == 1
                && w.dataType() == flipped.dataType() ? w : w.castTo(flipped.dataType()).dup('c');
        ByteBuffer from = src.data().asNio().order(ByteOrder.nativeOrder());
        ByteBuffer to = flipped.data().asNio().order(ByteOrder.nativeOrder());
        if (flipped.dataType() == DataType.FLOAT) {
            var f = from.asFloatBuffer();
            var t = to.asFloatBuffer();
            for (int j = 0; j < source.length; j++) {
                t.put(j, f.get(source[j]));
            }
        } else {
            var f = from.asDoubleBuffer();
            var t = to.asDoubleBuffer();
            for (int j = 0; j < source.length; j++) {
                t.put(j, f.get(source[j]));
            }
        }
        return flipped;
    }

    /**
     * {@code out = conv2d(in, W̃)} with the last refreshed kernel and {@link #backwardArgs} (for the input
     * gradient, {@code in} is the gradient of the conv's output). When W̃ has one output channel (a first
     * layer on grey images) and the layout is NHWC, computed as a depthwise convolution followed by a sum
     * over channels (one GEMM with a ones vector): the same sums in another order, ~2.5× faster than
     * oneDNN's conv2d for this shape (5.9 vs 2.1-2.7 ms at [256, 28, 28, 16] → 1 channel, one thread).
     */
    void convolve(INDArray in, INDArray out) {
        boolean oneChannel = flipped.size(3) == 1 && backwardArgs[9] == 1 && out.ordering() == 'c'
                && out.offset() == 0 && out.elementWiseStride() == 1;
        if (!oneChannel) {
            Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(in, flipped).addOutputs(out)
                    .addIntegerArguments(backwardArgs).build());
            return;
        }
        long[] shape = out.shape().clone();
        shape[3] = flipped.size(2);
        // one buffer for the largest batch so far; a smaller batch uses a view of its first samples
        if (perChannel == null || perChannel.size(0) < shape[0]
                || !Arrays.equals(Arrays.copyOfRange(perChannel.shape(), 1, 4), Arrays.copyOfRange(shape, 1, 4))) {
            perChannel = Nd4j.create(flipped.dataType(), shape);
            ones = Nd4j.ones(flipped.dataType(), shape[3], 1);
        }
        INDArray perChannel = EagerCnn.prefix(this.perChannel, shape[0]);
        // depthwise weights [kH, kW, iC, multiplier]: W̃ [kH, kW, out, 1] read as is
        Nd4j.exec(DynamicCustomOp.builder("depthwise_conv2d").addInputs(in, flipped).addOutputs(perChannel)
                .addIntegerArguments(Arrays.copyOf(backwardArgs, 10)).build());
        long pixels = shape[0] * shape[1] * shape[2];
        Nd4j.gemm(perChannel.reshape('c', pixels, shape[3]), ones, out.reshape('c', pixels, 1), false, false, 1.0, 0.0);
    }
}
