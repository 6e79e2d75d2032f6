package org.sparsebench.suites.support;

/**
 * A model returned NaN or infinite logits. The runner records the condition as failed and goes on
 * with the rest of the run.
 */
public final class NonFiniteOutputException extends RuntimeException {
    public NonFiniteOutputException(String modelId, int row, float value) {
        super("model '" + modelId + "' returned a non-finite logit (" + value + ") for batch row " + row);
    }
}
