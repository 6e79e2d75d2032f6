package org.sparsebench.suites.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Metric;
import org.sparsebench.api.SuiteSummary;
import org.sparsebench.stats.DeLongComparison;

/**
 * Cross-condition results of the anomaly suite: DeLong's paired test (DeLong et al. 1988) of each
 * score against the reference score and of each model against the first model, on identical samples;
 * and OpenOOD-style means over the near-OOD and far-OOD sets (and over each family's perturbed inputs).
 */
final class AnomalySummaries {
    static final String TEST = "DeLong et al. (1988) paired test of correlated AUROCs, two-sided";

    private AnomalySummaries() {
    }

    static List<SuiteSummary> of(String suite, String family, String reference, List<ConditionResult> results) {
        List<ConditionResult> ok = results.stream().filter(r -> r.metrics().containsKey("auroc")).toList();
        List<SuiteSummary> out = new ArrayList<>();
        List<String> models = ok.stream().map(ConditionResult::model).distinct().toList();
        for (ConditionResult r : ok) {
            String score = (String) r.params().get("score");
            String set = (String) r.params().get("out");
            if (!score.equals(reference)) {
                find(ok, r.model(), set, reference).ifPresent(ref -> compare(r, ref, suite, family,
                        "delong/" + set + "/" + score + "-vs-" + reference, Map.of("out", set, "score", score,
                                "reference_score", reference, "test", TEST)).ifPresent(out::add));
            }
            if (!models.isEmpty() && !r.model().equals(models.get(0))) {
                find(ok, models.get(0), set, score).ifPresent(ref -> compare(r, ref, suite, family,
                        "delong/" + set + "/" + score + "/" + r.model() + "-vs-" + ref.model(), Map.of("out", set,
                                "score", score, "reference_model", ref.model(), "test", TEST)).ifPresent(out::add));
            }
        }
        for (String model : models) {
            Map<String, List<ConditionResult>> byGroupScore = new LinkedHashMap<>();
            for (ConditionResult r : ok) {
                if (r.model().equals(model)) {
                    byGroupScore.computeIfAbsent(groupKey(r) + "/" + r.params().get("score"), k -> new ArrayList<>())
                            .add(r);
                }
            }
            for (Map.Entry<String, List<ConditionResult>> e : byGroupScore.entrySet()) {
                List<ConditionResult> rs = e.getValue();
                Map<String, Metric> m = new LinkedHashMap<>();
                for (String metric : List.of("auroc", "aupr_in", "aupr_out", "fpr95_in_positive", "fpr95_ood_positive")) {
                    double mean = rs.stream().mapToDouble(r -> r.metrics().get(metric).value()).average().orElse(Double.NaN);
                    m.put("mean_" + metric, Metric.point(mean, rs.size()));
                }
                ConditionResult first = rs.get(0);
                boolean perturbed = PerturbedSet.GROUP.equals(first.params().get("group"));
                out.add(new SuiteSummary(model, suite, family, e.getKey(), Map.of("group", first.params().get("group"),
                        "score", first.params().get("score"), "sets", rs.stream().map(r -> r.params().get("out")).toList(),
                        "mean_over", perturbed ? "perturbed inputs of the " + first.params().get("source_family")
                                + " suites, unweighted" : "OOD sets of the group, unweighted (OpenOOD)"), m));
            }
        }
        return out;
    }

    /** {@code near-ood}, {@code far-ood}, or {@code perturbed-noise} / {@code perturbed-adversarial}. */
    private static String groupKey(ConditionResult r) {
        Object g = r.params().get("group");
        return PerturbedSet.GROUP.equals(g) ? g + "-" + r.params().get("source_family") : g + "-ood";
    }

    private static java.util.Optional<ConditionResult> find(List<ConditionResult> rs, String model, String set,
            String score) {
        return rs.stream().filter(r -> r.model().equals(model) && set.equals(r.params().get("out"))
                && score.equals(r.params().get("score"))).findFirst();
    }

    /** DeLong of {@code a} vs {@code b}, when both scored the very same samples. */
    private static java.util.Optional<SuiteSummary> compare(ConditionResult a, ConditionResult b, String suite,
            String family, String name, Map<String, Object> params) {
        int[] oodA = a.samples().ints("ood");
        int[] oodB = b.samples().ints("ood");
        if (oodA == null || !Arrays.equals(oodA, oodB) || !Arrays.equals(a.samples().ints("index"),
                b.samples().ints("index"))) {
            return java.util.Optional.empty();
        }
        double[][] sa = split(a.samples().doubles("score"), oodA);
        double[][] sb = split(b.samples().doubles("score"), oodB);
        if (sa[0].length < 2 || sa[1].length < 2) {
            return java.util.Optional.empty();
        }
        DeLongComparison d = DeLongComparison.compare(sa[0], sa[1], sb[0], sb[1], AnomalySuite.LEVEL);
        Map<String, Metric> m = new LinkedHashMap<>();
        long n = (long) oodA.length;
        m.put("auroc", Metric.point(d.auc1(), n));
        m.put("auroc_reference", Metric.point(d.auc2(), n));
        m.put("auroc_difference", d.differenceMetric());
        m.put("z", Metric.point(d.z(), n));
        m.put("p_value", d.pValueMetric());
        return java.util.Optional.of(new SuiteSummary(a.model(), suite, family, name, params, m));
    }

    /** {in scores, out scores}. */
    private static double[][] split(double[] s, int[] ood) {
        int nOut = (int) Arrays.stream(ood).filter(o -> o == 1).count();
        double[] in = new double[s.length - nOut];
        double[] out = new double[nOut];
        int i = 0;
        int j = 0;
        for (int k = 0; k < s.length; k++) {
            if (ood[k] == 1) {
                out[j++] = s[k];
            } else {
                in[i++] = s[k];
            }
        }
        return new double[][] {in, out};
    }
}
