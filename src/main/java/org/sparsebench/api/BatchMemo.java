package org.sparsebench.api;

import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A run-wide memo of model-independent image batches (corrupted, transformed or generated images):
 * what a suite computes from data, seeds and indices alone, so the run's later models reuse the
 * first model's batches. Implementations bound their memory; a batch may be computed again at any
 * time. Thread-safe.
 */
@FunctionalInterface
public interface BatchMemo {

    /**
     * The batch stored under {@code key}, or {@code compute}'s result (stored for next time). The key
     * must determine the bytes: everything the computation reads (data, indices, seed, parameters),
     * with value equality. Never null; the caller owns the returned array (a fresh copy) and may
     * change it.
     */
    INDArray get(Object key, Supplier<INDArray> compute);

    /** No memo: computes every time. */
    static BatchMemo none() {
        return (key, compute) -> compute.get();
    }
}
