package org.sparsebench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.ReportSection;

/** Anomaly family: ROC curves per out-set × score (one line per model) and the AUROC table. */
public final class AnomalySection implements ReportSection {
    private static final int MAX_POINTS = 200;

    @Override
    public String name() {
        return "anomaly-section";
    }

    @Override
    public String description() {
        return "report section of the anomaly family: ROC curves and AUROC table";
    }

    @Override
    public String family() {
        return "anomaly";
    }

    @Override
    public List<Headline> headlines(SuiteResults suite) {
        List<Headline> out = new ArrayList<>();
        for (ConditionResult r : suite.results()) {
            out.add(new Headline(r.model(), "AUROC " + r.condition(), r.metrics().get("auroc")));
        }
        return out;
    }

    @Override
    public String render(SuiteResults suite, ReportContext context) {
        Map<String, List<ConditionResult>> byCondition = new LinkedHashMap<>();
        suite.results().forEach(r -> byCondition.computeIfAbsent(r.condition(), k -> new ArrayList<>()).add(r));
        List<Map<String, String>> charts = new ArrayList<>();
        for (Map.Entry<String, List<ConditionResult>> c : byCondition.entrySet()) {
            List<Charts.Series> series = new ArrayList<>();
            for (ConditionResult r : c.getValue()) {
                double[][] roc = roc(r.samples().doubles("score"), r.samples().ints("ood"));
                series.add(Charts.Series.of(r.model(), roc[0], roc[1]));
            }
            charts.add(Map.of("svg", Charts.line(c.getKey() + ": ROC (in-distribution positive)",
                    "false-positive rate", "true-positive rate", series, new double[] {0, 1}, true, 420, 360)));
        }
        return Templates.render("charts.mustache", Map.of("charts", charts)) + MetricTable.render(suite.results());
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
}
