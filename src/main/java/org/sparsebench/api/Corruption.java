package org.sparsebench.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A natural corruption at severities 1..5 (ImageNet-C / MNIST-C convention). Deterministic given
 * the per-sample seeds; works on any channel count and image size.
 */
public interface Corruption extends Plugin {

    /**
     * Returns a corrupted copy of {@code x} ({@code [N, C, H, W]} in [0, 1]); the result stays in
     * [0, 1]. {@code seeds[i]} drives all randomness of sample {@code i}.
     */
    INDArray apply(INDArray x, int severity, long[] seeds);

    /** The parameter value used at each severity 1..5, for the documentation table and reports. */
    double[] severityParameters();
}
