package org.sparsebench.compare;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.GateVerdicts;
import org.sparsebench.api.GateVerdicts.Status;
import org.sparsebench.api.GateVerdicts.Verdict;
import org.sparsebench.api.RunResults;

/**
 * Folds a gated {@link Report} (one row per gated metric) into one {@link Verdict} per model × suite
 * × condition of the current run, for reporters that show one test case per condition: failed when
 * any of its gated metrics failed, passed when its tested gated metrics held, not in baseline, or
 * not gated (in the baseline, but no gated metric was tested). Messages reuse the gate's row
 * wording (the JUnit XML's), so every output says the same thing.
 */
public final class ConditionVerdicts {
    private ConditionVerdicts() {
    }

    public static GateVerdicts of(Report report, RunResults baseline, RunResults current) {
        if (!report.gated()) {
            throw new IllegalArgumentException("not a gated comparison");
        }
        Set<String> inBaseline = new HashSet<>();
        baseline.results().forEach(b -> inBaseline.add(GateVerdicts.key(b.model(), b.suite(), b.condition())));
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        for (Row x : report.rows()) {
            rows.computeIfAbsent(GateVerdicts.key(x.model(), x.suite(), x.condition()), k -> new ArrayList<>()).add(x);
        }
        Map<String, Verdict> out = new LinkedHashMap<>();
        for (ConditionResult c : current.results()) {
            String k = GateVerdicts.key(c.model(), c.suite(), c.condition());
            out.put(k, !inBaseline.contains(k)
                    ? new Verdict(Status.NOT_IN_BASELINE, "not in the baseline (run " + report.baselineRun()
                            + "): nothing to compare with")
                    : verdict(rows.getOrDefault(k, List.of())));
        }
        return new GateVerdicts(report.baselineRun(), ReportFormat.summary(report), report.passed(), out);
    }

    private static Verdict verdict(List<Row> rows) {
        List<String> failed = new ArrayList<>();
        List<String> held = new ArrayList<>();
        List<String> untested = new ArrayList<>();
        for (Row x : rows) {
            switch (x.verdict()) {
                case FAIL -> failed.add(ReportFormat.failure(x) + ": " + ReportFormat.detail(x));
                case UNTESTED -> untested.add(x.metric() + ": no test applies" + (x.note().isEmpty() ? ""
                        : " (" + x.note() + ")"));
                default -> held.add(ReportFormat.detail(x));
            }
        }
        if (!failed.isEmpty()) {
            return new Verdict(Status.FAILED, "regressed: " + String.join("; ", failed));
        }
        if (!held.isEmpty()) {
            return new Verdict(Status.PASSED, "held: " + String.join("; ", held));
        }
        return new Verdict(Status.NOT_GATED, untested.isEmpty() ? "the gate tests none of this condition's metrics"
                : String.join("; ", untested));
    }
}
