package org.sparsebench.api;

import java.util.List;
import java.util.Map;

/**
 * A whole run as stored in {@code results.json}: the schema version, the run manifest
 * (ids, seed, versions, hashes, machine, timings) and one entry per model × suite × condition.
 */
public record RunResults(String schema, Map<String, Object> manifest, List<ConditionResult> results) {
    public static final String SCHEMA = "sparsebench.results/1";
}
