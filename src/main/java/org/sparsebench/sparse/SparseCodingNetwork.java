package org.sparsebench.sparse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Capability of a model whose hidden layers are sparse-coding steps (the zoo's SameDiff CNNs):
 * the parameters of each coding layer and what each computed on a batch. This is what
 * {@link SparseDiagnostics} needs; a model is asked with {@code instanceof}.
 */
public interface SparseCodingNetwork {

    /** The coding layers in forward order (conv layers, then the hidden dense layer). Never empty. */
    List<CodingLayer> codingLayers();

    /** For each coding layer, in the order of {@link #codingLayers()}, its input and codes on {@code x [N, C, H, W]}. */
    List<LayerTrace> trace(INDArray x);

    /**
     * Each coding layer's output activation on {@code x} (the last code of {@link #trace}) by layer name, in forward
     * order, with the batch on axis 0 and the other axes in any layout: what per-sample sparsity needs.
     * Implementations may skip the inputs and intermediate codes a trace copies.
     */
    default Map<String, INDArray> outputs(INDArray x) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (LayerTrace t : trace(x)) {
            out.put(t.name(), t.output());
        }
        return out;
    }
}
