package org.sparsebench.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An evasion attack with a fixed perturbation budget. Configured in its constructor; {@code toString}
 * lists its parameters as {@code Name(k=v, …)}.
 */
public interface Attack {

    /** Norm of the threat model: {@code linf} or {@code l2}. */
    String norm();

    /**
     * Attacks {@code x} (labels {@code y}) within {@code epsilon} in {@link #norm()}. The returned
     * images are within the model's bounds and the ε-ball. {@code seeds[i]} drives sample i's
     * randomness (random starts).
     */
    INDArray run(Model model, INDArray x, int[] y, double epsilon, long[] seeds);
}
