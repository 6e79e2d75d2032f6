package org.sparsebench.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The first convolution of a model read as a sparse-coding dictionary: {@code Dᵀx} is the
 * convolution with {@link #filters()}, {@code D a} the transposed convolution, and the layer's
 * non-negative code is {@code a = ReLU(Dᵀx − λ)} with {@code λ = −bias} (one thresholding step), or
 * the result of {@link #istaIterations()} further non-negative ISTA steps of size
 * {@link #istaStep()}. Used by sparse-coding scores and diagnostics.
 */
public interface FirstConvLayer {

    /** Filters {@code [outChannels, inChannels, kH, kW]} (OIHW), float32. */
    INDArray filters();

    /** Thresholds λ ≥ 0 per output channel ({@code −bias} for a ReLU layer), shape {@code [outChannels]}. */
    INDArray lambda();

    /** Stride of the convolution (1 for the zoo). */
    default int stride() {
        return 1;
    }

    /** True for SAME padding (output size = input size / stride), false for VALID. */
    default boolean samePadding() {
        return true;
    }

    /** Unrolled ISTA iterations after the first thresholding step; 0 for a plain conv + ReLU. */
    default int istaIterations() {
        return 0;
    }

    /** ISTA step η (≤ 1/‖D‖²); NaN when {@link #istaIterations()} is 0. */
    default double istaStep() {
        return Double.NaN;
    }

    /** True when the code is two-sided soft thresholding instead of non-negative (ReLU) thresholding. */
    default boolean twoSided() {
        return false;
    }
}
