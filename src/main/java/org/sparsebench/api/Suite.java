package org.sparsebench.api;

import java.util.List;

/**
 * A configured suite: a fixed list of conditions, each evaluated independently on one model. The
 * runner schedules, checkpoints and caches per model × suite × condition, so
 * {@link #evaluate} must depend only on its arguments (and seeds derived from
 * {@link SuiteContext#seed()} and sample indices).
 */
public interface Suite {

    /** Name of this suite entry, unique within a run, e.g. {@code noise}. */
    String id();

    /** The family: {@code noise}, {@code adversarial} or {@code anomaly}. */
    String family();

    /** The conditions, in report order. Never empty. */
    List<Condition> conditions();

    /** The suite entry's parameters as written (for the manifest and the cache key). */
    java.util.Map<String, Object> spec();

    /** Evaluates one condition on one model. */
    ConditionResult evaluate(Model model, Condition condition, SuiteContext context);

    /**
     * Metrics across conditions and models, computed once every model has run this suite (e.g. mCE
     * relative to a baseline model). Receives this suite's results of all models, in run order.
     * Default: none.
     */
    default java.util.List<SuiteSummary> summarize(java.util.List<ConditionResult> results) {
        return java.util.List.of();
    }
}
