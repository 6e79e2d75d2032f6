package org.sparsebench.suites.anomaly;

/**
 * A score cannot be computed for this model (e.g. the sparse-coding energy of a model without a first
 * conv layer). The anomaly suite records the condition as skipped with this message; not a failure.
 */
public final class ScoreNotApplicableException extends RuntimeException {
    public ScoreNotApplicableException(String message) {
        super(message);
    }
}
