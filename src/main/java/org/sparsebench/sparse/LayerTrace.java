package org.sparsebench.sparse;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one coding layer computed on a batch: its input ({@code [N, C, H, W]} for conv layers,
 * {@code [N, F]} for dense ones) and its codes {@code a₀ … a_K} in the same layout (one entry
 * unless the layer runs ISTA); the last code is the layer's output activation.
 */
public record LayerTrace(String name, INDArray input, List<INDArray> codes) {
    public LayerTrace {
        codes = List.copyOf(codes);
    }

    /** The layer's output activation. */
    public INDArray output() {
        return codes.get(codes.size() - 1);
    }
}
