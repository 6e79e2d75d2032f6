package org.sparsebench.api;

import java.util.Map;

/**
 * The outcome of one model × suite × condition: metrics with intervals, per-sample records,
 * and the wall time it took.
 */
public record ConditionResult(String model, String suite, String family, String condition,
        Map<String, Object> params, Map<String, Metric> metrics, Columns samples, double seconds) {
}
