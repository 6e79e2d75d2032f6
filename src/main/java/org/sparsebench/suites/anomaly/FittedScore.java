package org.sparsebench.suites.anomaly;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Model;
import org.sparsebench.api.OodScore;

/**
 * An OOD score that needs in-distribution training data (class means, a feature bank…). The anomaly
 * suite calls {@link #fit} once per model on its fit split, then scores with the returned instance.
 */
public interface FittedScore extends OodScore {

    /**
     * Fits the per-model state on the in-distribution images {@code data[indices]} (labels from
     * {@code data}) and returns the score bound to it; that score may be used with {@code model} only.
     * Deterministic given its arguments. Never null.
     *
     * @param batchSize images per forward pass
     */
    OodScore fit(Model model, Dataset data, int[] indices, int batchSize);

    /** Unfitted: always throws; call {@link #fit} first. */
    @Override
    default double[] score(Model model, INDArray x) {
        throw new IllegalStateException(name() + " must be fitted on in-distribution data before scoring");
    }
}
