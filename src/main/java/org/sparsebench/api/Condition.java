package org.sparsebench.api;

import java.util.Map;

/**
 * One cell of a suite: e.g. {@code gaussian-noise/3}, {@code fgsm-linf/0.1}, {@code mnist/msp}.
 * {@code params} are the values that define it (severity, epsilon, score), reported alongside the
 * metrics.
 */
public record Condition(String id, Map<String, Object> params) {
    public Condition {
        params = Map.copyOf(params);
    }
}
