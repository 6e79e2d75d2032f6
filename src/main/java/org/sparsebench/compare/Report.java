package org.sparsebench.compare;

import java.util.List;
import org.sparsebench.stats.MultipleComparisons.Correction;

/**
 * The outcome of comparing two runs: which runs, the significance level and correction, whether a
 * gate applied, one row per compared metric, and notes (conditions only in one run, metrics
 * without intervals).
 */
public record Report(String baselineRun, String currentRun, double alpha, Correction correction, boolean gated,
        List<Row> rows, List<String> notes) {

    public Report {
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    public List<Row> failures() {
        return rows.stream().filter(r -> r.verdict() == Verdict.FAIL).toList();
    }

    /** True unless a gated metric failed. */
    public boolean passed() {
        return failures().isEmpty();
    }
}
