package org.sparsebench.api;

import java.util.Map;

/**
 * The outcome of one model × suite × condition: metrics with intervals, per-sample records,
 * the wall time it took, and diagnostics.
 *
 * <p>{@code metrics} are the numbers a user compares and gates on (each has a better direction);
 * {@code diagnostics} describe what the model did without being better or worse (e.g. the
 * activation sparsity of each coding layer under this condition's inputs, {@code sparsity/conv0}).
 * {@code sparsebench compare} and the gate look only at metrics.
 */
public record ConditionResult(String model, String suite, String family, String condition,
        Map<String, Object> params, Map<String, Metric> metrics, Columns samples, double seconds,
        Map<String, Metric> diagnostics) {

    public ConditionResult {
        diagnostics = diagnostics == null ? Map.of() : diagnostics;
    }

    /** A result without diagnostics. */
    public ConditionResult(String model, String suite, String family, String condition, Map<String, Object> params,
            Map<String, Metric> metrics, Columns samples, double seconds) {
        this(model, suite, family, condition, params, metrics, samples, seconds, Map.of());
    }

    /** This result with {@code diagnostics} instead of its own. */
    public ConditionResult withDiagnostics(Map<String, Metric> diagnostics) {
        return new ConditionResult(model, suite, family, condition, params, metrics, samples, seconds, diagnostics);
    }
}
