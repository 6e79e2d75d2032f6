package org.sparsebench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.ReportSection;

/** Adversarial family: robust accuracy vs ε (one chart per attack × norm, one line per model). */
public final class AdversarialSection implements ReportSection {

    @Override
    public String name() {
        return "adversarial-section";
    }

    @Override
    public String description() {
        return "report section of the adversarial family: robust-accuracy-vs-epsilon charts";
    }

    @Override
    public String family() {
        return "adversarial";
    }

    private static String threat(ConditionResult r) {
        return r.params().get("attack") + " (" + r.params().get("norm") + ")";
    }

    private static double eps(ConditionResult r) {
        return ((Number) r.params().get("epsilon")).doubleValue();
    }

    @Override
    public List<Headline> headlines(SuiteResults suite) {
        // Robust accuracy at the largest ε of each attack × norm.
        Map<String, ConditionResult> largest = new LinkedHashMap<>();
        for (ConditionResult r : suite.results()) {
            largest.merge(r.model() + "\u0000" + threat(r), r, (a, b) -> eps(b) > eps(a) ? b : a);
        }
        List<Headline> out = new ArrayList<>();
        for (ConditionResult r : largest.values()) {
            out.add(new Headline(r.model(), threat(r) + " ε=" + eps(r), r.metrics().get("robust_accuracy")));
        }
        return out;
    }

    @Override
    public String render(SuiteResults suite, ReportContext context) {
        Map<String, List<ConditionResult>> byThreat = new LinkedHashMap<>();
        suite.results().forEach(r -> byThreat.computeIfAbsent(threat(r), k -> new ArrayList<>()).add(r));
        List<Map<String, String>> charts = new ArrayList<>();
        for (Map.Entry<String, List<ConditionResult>> t : byThreat.entrySet()) {
            List<Charts.Series> series = new ArrayList<>();
            for (Map.Entry<String, List<ConditionResult>> m : Sections.byModel(t.getValue()).entrySet()) {
                List<ConditionResult> pts = new ArrayList<>(m.getValue());
                pts.sort(Comparator.comparingDouble(AdversarialSection::eps));
                series.add(Sections.series(m.getKey(), pts, AdversarialSection::eps, "robust_accuracy"));
            }
            charts.add(Map.of("svg", Charts.line(t.getKey() + ": robust accuracy vs ε", "ε", "robust accuracy", series,
                    new double[] {0, 1}, false, 540, 340)));
        }
        return Templates.render("charts.mustache", Map.of("charts", charts)) + MetricTable.render(suite.results());
    }
}
