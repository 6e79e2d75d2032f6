package org.sparsebench.compare;

import org.sparsebench.api.Metric;
import org.sparsebench.stats.TestResult;

/**
 * One metric of one model × suite × condition in both runs: the two reported metrics, the
 * difference current − baseline with its interval and raw p-value, the p-value adjusted for
 * multiplicity (NaN when untested), whether the test was paired, a note on the method when it is
 * not the paired default, and the verdict. {@code tolerance} is NaN when the metric is not gated.
 */
public record Row(String model, String suite, String condition, String metric, Metric baseline, Metric current,
        TestResult difference, boolean paired, String note, double adjustedP, Direction better, double tolerance,
        Verdict verdict) {

    /** {@code model/suite/condition/metric}, the row's id in every output format. */
    public String id() {
        return model + "/" + suite + "/" + condition + "/" + metric;
    }
}
