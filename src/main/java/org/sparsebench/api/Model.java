package org.sparsebench.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A classifier under test. Inputs are float32 batches shaped {@code [N, C, H, W]} with values in
 * {@link #bounds()}; outputs are raw logits {@code [N, K]}.
 *
 * <p>Contract: every method is a pure function of its arguments (no dropout, no batch statistics),
 * so that two calls on the same batch give the same answer. Implementations need not be
 * thread-safe; the runner uses one instance per thread. Never returns null.
 */
public interface Model extends AutoCloseable {

    /** Stable identifier, e.g. {@code relu-cnn}. */
    String id();

    /** Shape of one input image. */
    InputShape inputShape();

    /** Number of classes K. */
    int numClasses();

    /** Valid input range, {@code [0, 1]} for the embedded data. */
    default Bounds bounds() {
        return Bounds.UNIT;
    }

    /** Logits {@code [N, K]} for a batch {@code [N, C, H, W]}. */
    INDArray logits(INDArray x);

    /**
     * Value and input gradient of a loss of the logits, in one forward and one backward pass.
     * The gradient has the shape of {@code x}; the loss is reported per sample.
     */
    Gradient gradient(INDArray x, Loss loss);

    /** Penultimate-layer features {@code [N, F]} (the input of the last linear layer). */
    INDArray features(INDArray x);

    /**
     * The first convolution as a sparse-coding dictionary, for models that have one (capability
     * used by sparse-coding scores and diagnostics). Default: none.
     */
    default java.util.Optional<FirstConvLayer> firstConv() {
        return java.util.Optional.empty();
    }

    /**
     * An optional capability of this model (e.g. {@code org.sparsebench.sparse.SparseCodingNetwork}
     * for sparse diagnostics), looked through wrappers: a wrapper delegates to the model it wraps.
     * Default: this model itself if it implements {@code type}.
     */
    default <T> java.util.Optional<T> as(Class<T> type) {
        return type.isInstance(this) ? java.util.Optional.of(type.cast(this)) : java.util.Optional.empty();
    }

    /** Free native memory. Default: nothing to free. */
    @Override
    default void close() {
    }
}
