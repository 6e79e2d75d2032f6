package org.sparsebench.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Result of {@link Model#gradient}: logits {@code [N, K]}, the per-sample loss {@code [N]} and the
 * gradient of the summed loss with respect to the input (shape of the input).
 */
public record Gradient(INDArray logits, INDArray loss, INDArray inputGradient) {
}
