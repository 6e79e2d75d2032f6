package org.sparsebench.api;

import java.util.List;
import java.util.Map;

/**
 * A whole run as stored in {@code results.json}: the schema version, the run manifest
 * (ids, seed, versions, hashes, machine, timings), one entry per model × suite × condition, and the
 * suites' cross-condition summaries (e.g. mCE per model).
 */
public record RunResults(String schema, Map<String, Object> manifest, List<ConditionResult> results,
        List<SuiteSummary> summaries) {
    public static final String SCHEMA = "sparsebench.results/1";

    public RunResults(String schema, Map<String, Object> manifest, List<ConditionResult> results) {
        this(schema, manifest, results, List.of());
    }
}
