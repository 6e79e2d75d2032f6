package org.sparsebench.api;

import java.util.List;
import java.util.Map;

/**
 * A whole run as stored in {@code results.json}: the schema version; the manifest (what ran: suite
 * file, seed, data and model hashes, versions, machine) which is identical for identical inputs;
 * one entry per model × suite × condition; the suites' cross-condition summaries (e.g. mCE per
 * model); the execution record (run id, timestamps, durations), the only part that differs
 * between two runs of the same inputs; and per-model diagnostics (keyed by model id, each a
 * JSON-ready tree, e.g. the sparse-coding diagnostics of the model's layers on clean inputs).
 */
public record RunResults(String schema, Map<String, Object> manifest, List<ConditionResult> results,
        List<SuiteSummary> summaries, Map<String, Object> execution, Map<String, Object> diagnostics) {
    public static final String SCHEMA = "sparsebench.results/1";

    public RunResults {
        diagnostics = diagnostics == null ? Map.of() : diagnostics;
    }

    public RunResults(String schema, Map<String, Object> manifest, List<ConditionResult> results,
            List<SuiteSummary> summaries, Map<String, Object> execution) {
        this(schema, manifest, results, summaries, execution, Map.of());
    }

    public RunResults(String schema, Map<String, Object> manifest, List<ConditionResult> results,
            List<SuiteSummary> summaries) {
        this(schema, manifest, results, summaries, Map.of(), Map.of());
    }

    public RunResults(String schema, Map<String, Object> manifest, List<ConditionResult> results) {
        this(schema, manifest, results, List.of(), Map.of(), Map.of());
    }

    /** The run id from the execution record, else from the manifest (older files), else "". */
    public String runId() {
        Object id = execution.getOrDefault("runId", manifest.getOrDefault("runId", ""));
        return String.valueOf(id);
    }
}
