package org.sparsebench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Metric;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.ReportSection;
import org.sparsebench.stats.OodMetrics.Convention;

/**
 * Anomaly family: per model, one ROC chart per OOD set with every score on it; the table of AUROC,
 * AUPR-In/Out and FPR95 (both conventions, named in the header) with intervals, grouped near-OOD /
 * far-OOD; the group means; and histograms of the scores in vs out per model and score. Conditions
 * a score skipped (e.g. no first conv layer) are listed with the reason. The detection of the run's
 * perturbed inputs (group {@code perturbed}: the noise suite's corruptions, the adversarial suite's
 * examples) has its own table, with the AUROC on successful adversarial examples.
 */
public final class AnomalySection implements ReportSection {
    private final Remembered<String> rendered = new Remembered<>();
    private static final int MAX_POINTS = 200;
    private static final int BINS = 30;
    private static final String PERTURBED = "perturbed";

    @Override
    public String name() {
        return "anomaly-section";
    }

    @Override
    public String description() {
        return "report section of the anomaly family: ROC curves, AUROC/AUPR/FPR95 tables, score histograms";
    }

    @Override
    public String family() {
        return "anomaly";
    }

    /**
     * Per model and group (far, near): the first score's AUROC with its interval when the group has one
     * OOD set ({@code AUROC mnist-test/msp}), else its mean AUROC over the group's sets.
     */
    @Override
    public List<Headline> headlines(SuiteResults suite) {
        List<Headline> out = new ArrayList<>();
        List<ConditionResult> ok = evaluated(suite.results());
        if (ok.isEmpty()) {
            return out;
        }
        String score = String.valueOf(ok.get(0).params().get("score"));
        for (Map.Entry<String, List<ConditionResult>> e : Sections.byModel(ok).entrySet()) {
            for (String group : List.of("far", "near")) {
                List<ConditionResult> rs = e.getValue().stream()
                        .filter(r -> score.equals(String.valueOf(r.params().get("score"))) && group.equals(group(r)))
                        .toList();
                if (rs.size() == 1) {
                    out.add(new Headline(e.getKey(), "AUROC " + rs.get(0).condition(), rs.get(0).metrics().get("auroc")));
                } else if (rs.size() > 1) {
                    double mean = rs.stream().mapToDouble(r -> r.metrics().get("auroc").value()).average().orElse(Double.NaN);
                    out.add(new Headline(e.getKey(), suite.suite() + ": mean AUROC " + group + "-OOD (" + score + ")",
                            Metric.point(mean, rs.size())));
                }
            }
        }
        return out;
    }

    /** Drawn once for equal inputs (the HTML report and the Allure results both render the section). */
    @Override
    public String render(SuiteResults suite, ReportContext context) {
        return rendered.get(java.util.Arrays.asList(suite, context), () -> draw(suite, context));
    }

    private String draw(SuiteResults suite, ReportContext context) {
        List<ConditionResult> ok = evaluated(suite.results()).stream().filter(r -> !PERTURBED.equals(group(r))).toList();
        List<ConditionResult> perturbed = evaluated(suite.results()).stream().filter(r -> PERTURBED.equals(group(r)))
                .toList();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("idPositive", Convention.IN_POSITIVE.description());
        view.put("oodPositive", Convention.OOD_POSITIVE.description());
        // One note per model × score × reason, naming the OOD sets it covers.
        Map<List<String>, List<String>> skips = new LinkedHashMap<>();
        for (ConditionResult r : suite.results()) {
            if (!r.metrics().containsKey("auroc")) {
                Object why = r.params().get("skipped");
                skips.computeIfAbsent(List.of(r.model(), String.valueOf(r.params().get("score")),
                        why == null ? "no metrics" : why.toString()), k -> new ArrayList<>())
                        .add(String.valueOf(r.params().get("out")));
            }
        }
        List<Map<String, String>> skipped = new ArrayList<>();
        skips.forEach((k, sets) -> skipped.add(Map.of("model", k.get(0), "score", k.get(1), "reason", k.get(2),
                "sets", String.join(", ", sets))));
        view.put("skipped", skipped);
        view.put("hasSkipped", !skipped.isEmpty());

        List<Map<String, Object>> models = new ArrayList<>();
        List<Map<String, String>> histograms = new ArrayList<>();
        for (Map.Entry<String, List<ConditionResult>> m : Sections.byModel(ok).entrySet()) {
            Map<String, List<ConditionResult>> bySet = new LinkedHashMap<>();
            Map<String, List<ConditionResult>> byScore = new LinkedHashMap<>();
            for (ConditionResult r : sortedByGroup(m.getValue())) {
                bySet.computeIfAbsent(String.valueOf(r.params().get("out")), k -> new ArrayList<>()).add(r);
                byScore.computeIfAbsent(String.valueOf(r.params().get("score")), k -> new ArrayList<>()).add(r);
            }
            List<Map<String, String>> rocs = new ArrayList<>();
            for (Map.Entry<String, List<ConditionResult>> s : bySet.entrySet()) {
                List<Charts.Series> series = new ArrayList<>();
                for (ConditionResult r : s.getValue()) {
                    double[][] roc = roc(r.samples().doubles("score"), r.samples().ints("ood"));
                    series.add(Charts.Series.of(r.params().get("score") + String.format(Locale.ROOT, " (%.3f)",
                            r.metrics().get("auroc").value()), roc[0], roc[1]));
                }
                rocs.add(Map.of("svg", Charts.paths(m.getKey() + " vs " + s.getKey() + " (" + group(s.getValue().get(0))
                        + "-OOD)", "false-positive rate (OOD accepted)", "true-positive rate (in accepted)", series,
                        new double[] {0, 1}, true, 420, 360)));
            }
            models.add(Map.of("model", m.getKey(), "rocs", rocs));
            for (Map.Entry<String, List<ConditionResult>> s : byScore.entrySet()) {
                histograms.add(Map.of("svg", histogram(m.getKey() + ": " + s.getKey(), s.getValue())));
            }
        }
        view.put("models", models);
        view.put("histograms", histograms);
        view.put("hasHistograms", !histograms.isEmpty());

        List<Map<String, Object>> rows = new ArrayList<>();
        for (ConditionResult r : sortedByGroup(ok)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", r.model());
            row.put("condition", r.condition());
            row.put("group", group(r));
            row.put("set", r.params().get("out"));
            row.put("score", r.params().get("score"));
            putDetectionCells(row, r);
            row.put("n", r.samples().rows());
            rows.add(row);
        }
        view.put("rows", rows);
        List<Map<String, Object>> means = means(ok);
        view.put("means", means);
        view.put("hasMeans", !means.isEmpty());
        List<Map<String, Object>> pRows = new ArrayList<>();
        for (ConditionResult r : perturbed) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", r.model());
            row.put("condition", r.condition());
            row.put("family", r.params().get("source_family"));
            row.put("source", r.params().get("source"));
            row.put("score", r.params().get("score"));
            putDetectionCells(row, r);
            Metric k = r.metrics().get("successful_examples");
            row.put("successful", k == null ? "" : Math.round(k.value()) + " / " + k.n());
            row.put("aurocSuccessful", cell(r, "auroc_successful"));
            row.put("n", r.samples().rows());
            pRows.add(row);
        }
        view.put("perturbed", pRows);
        view.put("hasPerturbed", !pRows.isEmpty());
        return Templates.render("anomaly.mustache", view);
    }

    private static List<ConditionResult> evaluated(List<ConditionResult> results) {
        return results.stream().filter(r -> r.metrics().containsKey("auroc") && r.samples().doubles("score") != null)
                .toList();
    }

    /** Near-OOD first, then far-OOD, keeping the run order within each group. */
    private static List<ConditionResult> sortedByGroup(List<ConditionResult> rs) {
        List<ConditionResult> out = new ArrayList<>(rs.stream().filter(r -> group(r).equals("near")).toList());
        out.addAll(rs.stream().filter(r -> !group(r).equals("near")).toList());
        return out;
    }

    private static String group(ConditionResult r) {
        Object g = r.params().get("group");
        return g == null ? "far" : g.toString();
    }

    private static String cell(ConditionResult r, String metric) {
        Metric m = r.metrics().get(metric);
        return m == null ? "" : MetricTable.format(m);
    }

    private static List<Map<String, Object>> means(List<ConditionResult> ok) {
        Map<List<String>, List<ConditionResult>> groups = new LinkedHashMap<>();
        for (ConditionResult r : sortedByGroup(ok)) {
            groups.computeIfAbsent(List.of(r.model(), group(r), String.valueOf(r.params().get("score"))),
                    k -> new ArrayList<>()).add(r);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<ConditionResult>> e : groups.entrySet()) {
            List<ConditionResult> rs = e.getValue();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", e.getKey().get(0));
            row.put("group", e.getKey().get(1));
            row.put("score", e.getKey().get(2));
            row.put("sets", rs.size());
            row.put("auroc", mean(rs, "auroc"));
            row.put("fprIn", mean(rs, "fpr95_in_positive"));
            row.put("fprOut", mean(rs, "fpr95_ood_positive"));
            out.add(row);
        }
        return out;
    }

    private static String mean(List<ConditionResult> rs, String metric) {
        double[] v = rs.stream().map(r -> r.metrics().get(metric)).filter(m -> m != null).mapToDouble(Metric::value)
                .toArray();
        return v.length == 0 ? "" : String.format(Locale.ROOT, "%.3f", Arrays.stream(v).average().orElse(Double.NaN));
    }

    /**
     * Frequency polygons (share of samples per bin, drawn as steps) of the in-distribution scores and of
     * each OOD set's scores, for one model and score, on common bins.
     */
    static String histogram(String title, List<ConditionResult> results) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (ConditionResult r : results) {
            for (double s : r.samples().doubles("score")) {
                if (Double.isFinite(s)) {
                    lo = Math.min(lo, s);
                    hi = Math.max(hi, s);
                }
            }
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        List<Charts.Series> series = new ArrayList<>();
        ConditionResult first = results.get(0);
        series.add(steps("in-distribution", first, 0, lo, hi));
        for (ConditionResult r : results) {
            series.add(steps(String.valueOf(r.params().get("out")), r, 1, lo, hi));
        }
        return Charts.paths(title, "score (higher = more in-distribution)", "share of samples", series, null, false,
                420, 300);
    }

    /** Step outline of the histogram of the samples with {@code ood == which}. */
    static Charts.Series steps(String name, ConditionResult r, int which, double lo, double hi) {
        double[] s = r.samples().doubles("score");
        int[] ood = r.samples().ints("ood");
        double[] counts = histogramCounts(s, ood, which, lo, hi, BINS);
        double width = (hi - lo) / BINS;
        double[] x = new double[2 * BINS];
        double[] y = new double[2 * BINS];
        for (int b = 0; b < BINS; b++) {
            x[2 * b] = lo + b * width;
            x[2 * b + 1] = lo + (b + 1) * width;
            y[2 * b] = counts[b];
            y[2 * b + 1] = counts[b];
        }
        return Charts.Series.of(name, x, y);
    }

    /** Share of the selected samples in each of {@code bins} equal bins over [lo, hi] (hi falls in the last). */
    static double[] histogramCounts(double[] s, int[] ood, int which, double lo, double hi, int bins) {
        double[] counts = new double[bins];
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            if (ood[i] == which && Double.isFinite(s[i])) {
                int b = (int) Math.floor((s[i] - lo) / (hi - lo) * bins);
                counts[Math.max(0, Math.min(bins - 1, b))]++;
                n++;
            }
        }
        for (int b = 0; b < bins; b++) {
            counts[b] = n == 0 ? 0 : counts[b] / n;
        }
        return counts;
    }

    /**
     * ROC curve {fpr[], tpr[]} with in-distribution (ood = 0) as positives and higher scores as more
     * in-distribution, thinned to at most {@value #MAX_POINTS} thresholds.
     */
    static double[][] roc(double[] score, int[] ood) {
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        long pos = Arrays.stream(ood).filter(o -> o == 0).count();
        long neg = ood.length - pos;
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[] {0, 0});
        long tp = 0;
        long fp = 0;
        for (int k = 0; k < order.length; k++) {
            if (ood[order[k]] == 0) {
                tp++;
            } else {
                fp++;
            }
            boolean lastOfTie = k + 1 == order.length || score[order[k + 1]] != score[order[k]];
            if (lastOfTie) {
                pts.add(new double[] {neg == 0 ? 0 : (double) fp / neg, pos == 0 ? 0 : (double) tp / pos});
            }
        }
        int step = Math.max(1, pts.size() / MAX_POINTS);
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < pts.size(); i += step) {
            kept.add(pts.get(i));
        }
        if (kept.get(kept.size() - 1) != pts.get(pts.size() - 1)) {
            kept.add(pts.get(pts.size() - 1));
        }
        double[][] out = new double[2][kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            out[0][i] = kept.get(i)[0];
            out[1][i] = kept.get(i)[1];
        }
        return out;
    }

    /** AUROC, AUPR-In/Out and FPR95 (both conventions) of one condition, formatted, into a table row. */
    private static void putDetectionCells(Map<String, Object> row, ConditionResult r) {
        row.put("auroc", cell(r, "auroc"));
        row.put("auprIn", cell(r, "aupr_in"));
        row.put("auprOut", cell(r, "aupr_out"));
        row.put("fprIn", cell(r, "fpr95_in_positive"));
        row.put("fprOut", cell(r, "fpr95_ood_positive"));
    }
}
