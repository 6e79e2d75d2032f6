package org.sparsebench.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A labelled image set held compactly (bytes), handed out as float batches in {@code [0, 1]}.
 * Immutable; safe to share between threads.
 */
public interface Dataset {

    /** Identifier, e.g. {@code fashion-mnist-test}. */
    String id();

    int size();

    InputShape shape();

    int numClasses();

    /** Label of sample {@code i}, in {@code [0, numClasses)}. */
    int label(int i);

    /** Images {@code [n, C, H, W]} float32 in [0, 1] for the given sample indices, in that order. */
    INDArray images(int[] indices);

    /** Labels for the given sample indices. */
    default int[] labels(int[] indices) {
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            y[i] = label(indices[i]);
        }
        return y;
    }

    /** SHA-256 of the content, hex: identifies the data in manifests and cache keys. */
    String sha256();
}
