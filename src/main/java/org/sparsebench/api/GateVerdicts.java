package org.sparsebench.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The regression gate's verdict on every model × suite × condition of a run compared with a
 * baseline run ({@code sparsebench run --gate FILE --baseline FILE}), for reporters to show (e.g.
 * Allure test statuses). A {@link ReportContext} carries it only when a gate was given.
 *
 * @param baselineRun the baseline's run id
 * @param summary     the gate's one-line summary ({@code gate PASSED: …} / {@code gate FAILED: …})
 * @param passed      false when any gated metric regressed, including those of suite summaries
 *                    (mCE, ensembles) that have no condition of their own
 * @param verdicts    by {@code model/suite/condition}; never null
 */
public record GateVerdicts(String baselineRun, String summary, boolean passed, Map<String, Verdict> verdicts) {

    /** What the gate concluded for one condition. */
    public enum Status {
        /** Every gated metric of the condition held (within tolerance, or not significantly worse). */
        PASSED,
        /** At least one gated metric is worse beyond its tolerance and significantly so. */
        FAILED,
        /** The baseline has no such condition: nothing to compare with. */
        NOT_IN_BASELINE,
        /** In the baseline, but the gate tests none of its metrics (none gated, or no test applies). */
        NOT_GATED
    }

    /** A condition's status and the one line that explains it (metric, both values, test, p-value). */
    public record Verdict(Status status, String message) {
    }

    public GateVerdicts {
        verdicts = Collections.unmodifiableMap(new LinkedHashMap<>(verdicts));
    }

    /** The verdict on one condition; {@link Status#NOT_IN_BASELINE} for a condition the gate never saw. */
    public Verdict of(String model, String suite, String condition) {
        Verdict v = verdicts.get(key(model, suite, condition));
        return v != null ? v : new Verdict(Status.NOT_IN_BASELINE, "not in the baseline (run " + baselineRun + ")");
    }

    /** The key of {@link #verdicts()}. */
    public static String key(String model, String suite, String condition) {
        return model + "/" + suite + "/" + condition;
    }
}
