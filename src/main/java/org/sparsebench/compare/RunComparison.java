package org.sparsebench.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sparsebench.api.Columns;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Metric;
import org.sparsebench.api.RunResults;
import org.sparsebench.api.Seeds;
import org.sparsebench.api.SuiteSummary;
import org.sparsebench.stats.MultipleComparisons.Correction;
import org.sparsebench.stats.TestResult;

/**
 * Compares a current run with a baseline: for every model × suite × condition (and suite summary)
 * present in both, every metric both report (only the gate's metrics when a gate is given) gets
 * the difference current − baseline, its interval at 1 − α and a p-value (see {@link MetricTests}),
 * then the p-values of all tested rows are adjusted together (Holm by default).
 */
public final class RunComparison {

    /**
     * @param alpha significance level; intervals are at 1 − alpha
     * @param correction multiple-comparison procedure (the gate's, when a gate is given)
     * @param gate null for a plain comparison
     * @param replicates bootstrap replicates for metrics compared by bootstrap
     * @param seed seeds the bootstraps (per row, via {@code Seeds.of(seed, row id, 0)})
     * @param midP McNemar mid-p instead of the exact conditional p
     */
    public record Options(double alpha, Correction correction, Gate gate, int replicates, long seed, boolean midP) {
        public Options {
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("alpha must lie in (0, 1): " + alpha);
            }
            Objects.requireNonNull(correction);
        }

        public static Options defaults() {
            return new Options(0.05, Correction.HOLM, null, 2000, 42, false);
        }
    }

    private RunComparison() {
    }

    public static Report compare(RunResults baseline, RunResults current, Options o) {
        checkSameData(baseline.manifest(), current.manifest());
        Gate gate = o.gate();
        double level = 1 - o.alpha();
        List<String> notes = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();

        Map<String, ConditionResult> cur = new LinkedHashMap<>();
        for (ConditionResult r : current.results()) {
            cur.put(key(r.model(), r.suite(), r.condition()), r);
        }
        int common = 0;
        for (ConditionResult b : baseline.results()) {
            String k = key(b.model(), b.suite(), b.condition());
            ConditionResult c = cur.remove(k);
            if (c == null) {
                if (gate != null && gate.gatesAnyOf(b.metrics())) {
                    throw new UnusableInputException("the current run has no " + k + ", which the baseline has: "
                            + "cannot check the gate (run the same suites and models as the baseline)");
                }
                notes.add("only in the baseline: " + k);
                continue;
            }
            common++;
            addRows(pending, b.model(), b.suite(), b.condition(), b.metrics(), b.samples(), c.metrics(), c.samples(),
                    gate, notes, o, level);
        }
        cur.keySet().forEach(k -> notes.add("only in the current run: " + k));

        Map<String, SuiteSummary> curSums = new LinkedHashMap<>();
        for (SuiteSummary s : current.summaries()) {
            curSums.put(key(s.model(), s.suite(), s.name()), s);
        }
        for (SuiteSummary b : baseline.summaries()) {
            SuiteSummary c = curSums.remove(key(b.model(), b.suite(), b.name()));
            if (c != null) {
                common++;
                addRows(pending, b.model(), b.suite(), b.name(), b.metrics(), new Columns(), c.metrics(), new Columns(),
                        gate, notes, o, level);
            }
        }
        if (common == 0) {
            throw new UnusableInputException("the runs have no model × suite × condition in common (baseline "
                    + runId(baseline) + ", current " + runId(current) + ")");
        }
        if (pending.isEmpty()) {
            throw new UnusableInputException(gate != null
                    ? "none of the gate's metrics (" + String.join(", ", gate.metrics().keySet())
                            + ") occurs in both runs"
                    : "the runs have no metric in common");
        }

        Correction correction = gate != null ? gate.correction() : o.correction();
        double[] raw = pending.stream().mapToDouble(p -> p.outcome.result().pValue()).toArray();
        double[] adjusted = correction.adjust(raw);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            Gate.Rule rule = gate == null ? null : gate.metrics().get(p.metric);
            Direction better = rule != null ? rule.better() : Direction.defaultFor(p.metric);
            double tol = rule != null ? rule.tolerance() : Double.NaN;
            rows.add(new Row(p.model, p.suite, p.condition, p.metric, p.baseline, p.current, p.outcome.result(),
                    p.outcome.paired(), p.outcome.note(), adjusted[i], better, tol,
                    verdict(p.outcome.result(), adjusted[i], o.alpha(), better, rule)));
        }
        return new Report(runId(baseline), runId(current), o.alpha(), correction, gate != null, rows, notes);
    }

    static Verdict verdict(TestResult t, double adjustedP, double alpha, Direction better, Gate.Rule rule) {
        if (!t.tested()) {
            return Verdict.UNTESTED;
        }
        boolean significant = adjustedP <= alpha;
        double worseBy = better.worseBy(t.estimate());
        if (rule != null) {
            return significant && worseBy > rule.tolerance() ? Verdict.FAIL : Verdict.PASS;
        }
        if (!significant || t.estimate() == 0) {
            return Verdict.SAME;
        }
        return worseBy > 0 ? Verdict.WORSE : Verdict.BETTER;
    }

    private record Pending(String model, String suite, String condition, String metric, Metric baseline,
            Metric current, MetricTests.Outcome outcome) {
    }

    private static void addRows(List<Pending> out, String model, String suite, String condition,
            Map<String, Metric> bm, Columns bs, Map<String, Metric> cm, Columns cs, Gate gate, List<String> notes,
            Options o, double level) {
        for (Map.Entry<String, Metric> e : bm.entrySet()) {
            String metric = e.getKey();
            Metric c = cm.get(metric);
            if (c == null || (gate != null && !gate.metrics().containsKey(metric))) {
                continue;
            }
            String id = model + "/" + suite + "/" + condition + "/" + metric;
            if (Double.isNaN(e.getValue().value()) || Double.isNaN(c.value())) {
                notes.add("no value, not compared: " + id);
                continue;
            }
            long seed = Seeds.of(o.seed(), id, 0);
            out.add(new Pending(model, suite, condition, metric, e.getValue(), c,
                    MetricTests.compare(metric, e.getValue(), bs, c, cs, level, o.replicates(), seed, o.midP())));
        }
    }

    /** Refuses runs on different datasets (id or SHA-256 of the manifest's {@code data}). */
    @SuppressWarnings("unchecked")
    public static void checkSameData(Map<String, Object> baseline, Map<String, Object> current) {
        Object bd = baseline == null ? null : baseline.get("data");
        Object cd = current == null ? null : current.get("data");
        if (!(bd instanceof Map) || !(cd instanceof Map)) {
            return;
        }
        Map<String, Object> b = (Map<String, Object>) bd;
        Map<String, Object> c = (Map<String, Object>) cd;
        for (String field : new String[] {"id", "sha256"}) {
            Object x = b.get(field);
            Object y = c.get(field);
            if (x != null && y != null && !x.equals(y)) {
                throw new UnusableInputException("the runs used different datasets: baseline " + b.get("id") + " ("
                        + abbreviate(b.get("sha256")) + "), current " + c.get("id") + " (" + abbreviate(c.get("sha256"))
                        + ")");
            }
        }
    }

    private static String abbreviate(Object sha) {
        String s = String.valueOf(sha);
        return s.length() > 12 ? "sha256 " + s.substring(0, 12) + "…" : "sha256 " + s;
    }

    private static String runId(RunResults r) {
        String id = r.manifest() == null || r.execution() == null ? "" : r.runId();
        return id.isEmpty() ? "?" : id;
    }

    private static String key(String model, String suite, String condition) {
        return model + "/" + suite + "/" + condition;
    }
}
