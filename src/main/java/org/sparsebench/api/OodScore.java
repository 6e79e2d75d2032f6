package org.sparsebench.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An out-of-distribution detector score. Convention (OpenOOD): higher means more
 * in-distribution.
 */
public interface OodScore extends Plugin {

    /** One score per image of {@code x}. */
    double[] score(Model model, INDArray x);
}
