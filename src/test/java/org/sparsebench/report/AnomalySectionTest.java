package org.sparsebench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparsebench.api.Columns;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Metric;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.ReportSection;

class AnomalySectionTest {

    private static ConditionResult result(String set, String group, String score, double shift) {
        double[] s = {0.9, 0.8, 0.7, 0.3 + shift, 0.2 + shift, 0.85};
        Map<String, Metric> m = new LinkedHashMap<>();
        m.put("auroc", new Metric(0.78, 0.5, 1, 0.95, "delong", 6));
        m.put("aupr_in", new Metric(0.8, 0.6, 0.95, 0.95, "bootstrap-percentile", 6));
        m.put("aupr_out", new Metric(0.7, 0.5, 0.9, 0.95, "bootstrap-percentile", 6));
        m.put("fpr95_in_positive", new Metric(0.667, 0.333, 1, 0.95, "bootstrap-percentile", 6));
        m.put("fpr95_ood_positive", new Metric(0.25, 0.0, 0.5, 0.95, "bootstrap-percentile", 6));
        return new ConditionResult("m<1>", "anomaly", "anomaly", set + "/" + score,
                Map.of("out", set, "score", score, "group", group), m,
                new Columns().ints("index", new int[6]).ints("ood", new int[] {0, 0, 0, 1, 1, 1}).doubles("score", s), 0.5);
    }

    @Test
    void rendersRocChartsTablesHistogramsAndSkippedNotes() {
        ConditionResult skipped = new ConditionResult("m<1>", "anomaly", "anomaly", "blobs/sparse-coding-energy",
                Map.of("out", "blobs", "score", "sparse-coding-energy", "group", "far", "skipped",
                        "model 'm<1>' exposes no first conv layer"), Map.of(), new Columns(), 0.0);
        List<ConditionResult> rs = List.of(result("blobs", "far", "msp", 0), result("blobs", "far", "energy", 0.1),
                result("corrupted-gaussian-noise-5", "near", "msp", 0.2), skipped);
        String html = new AnomalySection().render(new ReportSection.SuiteResults("anomaly", "anomaly", rs, Map.of()),
                ReportContext.resultsOnly());
        assertFalse(html.contains("m<1>"), "escaped");
        assertTrue(html.contains("m&lt;1&gt;"));
        assertTrue(html.contains("FPR95 (ID+, Hendrycks &amp; Gimpel / ODIN)"), "convention in the header");
        assertTrue(html.contains("FPR95 (OOD+, OpenOOD)"));
        assertTrue(html.contains("0.667 [0.333, 1.000]"), "value with interval");
        assertTrue(html.contains("sparse-coding-energy skipped for m&lt;1&gt; (OOD sets: blobs)"), "skip note");
        // 2 ROC charts (one per OOD set, all scores on it) + 2 histograms (one per score).
        assertEquals(4, html.split("<svg", -1).length - 1);
        // Near-OOD rows come first.
        assertTrue(html.indexOf("corrupted-gaussian-noise-5</td>") < html.indexOf("blobs</td>"));
        List<ReportSection.Headline> h = new AnomalySection().headlines(
                new ReportSection.SuiteResults("anomaly", "anomaly", rs, Map.of()));
        assertEquals(2, h.size(), "far and near AUROC of the first score");
    }

    @Test
    void perturbedInputsHaveTheirOwnTable() {
        ConditionResult far = result("blobs", "far", "msp", 0);
        ConditionResult p = result("adversarial/pgd-linf/0.1", "perturbed", "msp", 0.3);
        Map<String, Object> params = new LinkedHashMap<>(p.params());
        params.put("source", "adversarial/pgd-linf/0.1");
        params.put("source_family", "adversarial");
        Map<String, Metric> m = new LinkedHashMap<>(p.metrics());
        m.put("successful_examples", Metric.point(2, 3));
        m.put("auroc_successful", new Metric(0.625, 0.25, 1, 0.95, "delong", 4));
        ConditionResult adv = new ConditionResult(p.model(), p.suite(), p.family(), p.condition(), params, m, p.samples(),
                0.5);
        List<ConditionResult> rs = List.of(far, adv);
        String html = new AnomalySection().render(new ReportSection.SuiteResults("anomaly", "anomaly", rs, Map.of()),
                ReportContext.resultsOnly());
        int table = html.indexOf("Detection of perturbed inputs");
        assertTrue(table > 0, "own table");
        String perturbedTable = html.substring(table);
        assertTrue(perturbedTable.contains("<td>adversarial/pgd-linf/0.1</td>"));
        assertTrue(perturbedTable.contains("2 / 3"), "how many successful examples");
        assertTrue(perturbedTable.contains("0.625 [0.250, 1.000]"), "AUROC on successful examples with interval");
        assertFalse(html.substring(0, table).contains("pgd-linf"), "not among the OOD sets, charts or means");
        // One ROC chart and one histogram: the blobs set only.
        assertEquals(2, html.split("<svg", -1).length - 1);
        assertEquals(1, new AnomalySection().headlines(new ReportSection.SuiteResults("anomaly", "anomaly", rs, Map.of()))
                .size(), "headlines: far/near only");
    }

    @Test
    void histogramSharesPerBin() {
        // Scores 0, 0.1, 0.5, 1 of in-samples on [0, 1] with 4 bins: [0, .25) gets 0 and 0.1, [.5, .75) 0.5, last 1.
        double[] s = {0, 0.1, 0.5, 1, 0.3};
        int[] ood = {0, 0, 0, 0, 1};
        assertArrayEquals(new double[] {0.5, 0, 0.25, 0.25}, AnomalySection.histogramCounts(s, ood, 0, 0, 1, 4), 1e-15);
        assertArrayEquals(new double[] {0, 1, 0, 0}, AnomalySection.histogramCounts(s, ood, 1, 0, 1, 4), 1e-15);
    }
}
