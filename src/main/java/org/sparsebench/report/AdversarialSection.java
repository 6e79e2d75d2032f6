package org.sparsebench.report;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Metric;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.ReportSection;
import org.sparsebench.suites.adversarial.GradientMaskingAudit;

/**
 * Adversarial family: the gradient-masking audit's flags per model (recomputed from the results, so a
 * report rebuilt from results.json shows the same flags as the {@code audit} summary), the ensemble's
 * cumulative table, robust accuracy vs ε (one chart per attack × norm, one line per model), the
 * per-attack table with each flag next to the number it questions, and clean / adversarial /
 * difference images.
 */
public final class AdversarialSection implements ReportSection, ExampleSource {
    private final Remembered<String> rendered = new Remembered<>();

    @Override
    public String name() {
        return "adversarial-section";
    }

    @Override
    public String description() {
        return "report section of the adversarial family: audit flags, ensemble table, robust-accuracy curves, examples";
    }

    @Override
    public String family() {
        return "adversarial";
    }

    private static boolean isAudit(ConditionResult r) {
        return GradientMaskingAudit.CONDITION.equals(r.condition());
    }

    private static String threat(ConditionResult r) {
        return r.params().get("attack") + " (" + r.params().get("norm") + ")";
    }

    private static double eps(ConditionResult r) {
        return ((Number) r.params().get("epsilon")).doubleValue();
    }

    private static List<ConditionResult> attacks(SuiteResults suite) {
        return suite.results().stream().filter(r -> !isAudit(r)).toList();
    }

    private static List<GradientMaskingAudit.Flag> flags(List<ConditionResult> modelResults) {
        int classes = modelResults.stream().filter(r -> r.params().get("classes") instanceof Number)
                .mapToInt(r -> ((Number) r.params().get("classes")).intValue()).findFirst().orElse(2);
        return GradientMaskingAudit.flags(modelResults, classes);
    }

    @Override
    public List<Headline> headlines(SuiteResults suite) {
        // Robust accuracy at the largest ε of each attack × norm, and the number of audit flags.
        Map<String, ConditionResult> largest = new LinkedHashMap<>();
        for (ConditionResult r : attacks(suite)) {
            largest.merge(r.model() + "\u0000" + threat(r), r, (a, b) -> eps(b) > eps(a) ? b : a);
        }
        List<Headline> out = new ArrayList<>();
        for (ConditionResult r : largest.values()) {
            out.add(new Headline(r.model(), threat(r) + " ε=" + eps(r), r.metrics().get("robust_accuracy")));
        }
        for (Map.Entry<String, List<ConditionResult>> m : Sections.byModel(suite.results()).entrySet()) {
            if (m.getValue().stream().anyMatch(AdversarialSection::isAudit)) {
                out.add(new Headline(m.getKey(), suite.suite() + ": audit flags",
                        Metric.point(flags(m.getValue()).size(), m.getValue().get(0).samples().rows())));
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
        Map<String, Object> view = new LinkedHashMap<>();
        Map<String, List<GradientMaskingAudit.Flag>> flagsByModel = new LinkedHashMap<>();
        List<Map<String, Object>> audits = new ArrayList<>();
        for (Map.Entry<String, List<ConditionResult>> m : Sections.byModel(suite.results()).entrySet()) {
            if (m.getValue().stream().noneMatch(AdversarialSection::isAudit)) {
                continue;
            }
            List<GradientMaskingAudit.Flag> f = flags(m.getValue());
            flagsByModel.put(m.getKey(), f);
            List<Map<String, String>> rows = f.stream().map(x -> Map.of("check", x.check(), "condition", x.condition(),
                    "evidence", x.evidence())).toList();
            audits.add(Map.of("model", m.getKey(), "clean", f.isEmpty(), "count", f.size(), "flags", rows, "checks",
                    GradientMaskingAudit.CHECKS.size()));
        }
        view.put("audits", audits);

        // Ensemble table.
        Set<String> stageNames = new LinkedHashSet<>();
        List<Map<String, Object>> ensembles = new ArrayList<>();
        for (ConditionResult r : attacks(suite)) {
            if (!(r.params().get("stages") instanceof List<?> stages)) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (int s = 0; s < stages.size(); s++) {
                stageNames.add((s + 1) + ". " + stages.get(s));
                Metric m = r.metrics().get("robust_accuracy@" + (s + 1) + "-" + stages.get(s));
                cells.add(m == null ? "" : MetricTable.format(m));
            }
            ensembles.add(Map.of("model", r.model(), "norm", String.valueOf(r.params().get("norm")), "epsilon",
                    String.valueOf(eps(r)), "clean", MetricTable.format(r.metrics().get("clean_accuracy")), "cells", cells));
        }
        view.put("ensembles", ensembles);
        view.put("stageNames", new ArrayList<>(stageNames));
        view.put("hasEnsembles", !ensembles.isEmpty());

        // Curves.
        Map<String, List<ConditionResult>> byThreat = new LinkedHashMap<>();
        attacks(suite).forEach(r -> byThreat.computeIfAbsent(threat(r), k -> new ArrayList<>()).add(r));
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
        view.put("charts", charts);

        // Per-attack rows, each with the flags that question it.
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ConditionResult r : attacks(suite)) {
            List<String> questioned = flagsByModel.getOrDefault(r.model(), List.of()).stream()
                    .filter(f -> f.condition().equals(r.condition())).map(GradientMaskingAudit.Flag::check).distinct()
                    .toList();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", r.model());
            row.put("condition", r.condition());
            row.put("config", String.valueOf(r.params().get("attackConfig")));
            row.put("robust", cell(r, "robust_accuracy"));
            row.put("clean", cell(r, "clean_accuracy"));
            row.put("success", cell(r, "attack_success_rate"));
            row.put("median", cell(r, "median_minimal_perturbation"));
            row.put("gradients", count(r, "gradient_evaluations"));
            row.put("queries", count(r, "queries"));
            row.put("flagged", String.join(", ", questioned));
            rows.add(row);
        }
        view.put("rows", rows);

        List<Map<String, Object>> examples = examples(suite);
        view.put("examples", examples);
        view.put("hasExamples", !examples.isEmpty());
        return Templates.render("adversarial.mustache", view);
    }

    private static String cell(ConditionResult r, String metric) {
        Metric m = r.metrics().get(metric);
        return m == null ? "" : MetricTable.format(m);
    }

    private static String count(ConditionResult r, String metric) {
        Metric m = r.metrics().get(metric);
        return m == null ? "" : String.format(Locale.ROOT, "%.1f", m.value());
    }

    /** Per model and norm: the examples of the last attack's largest ε (the ensemble when it is last). */
    private static List<Map<String, Object>> examples(SuiteResults suite) {
        Map<String, ConditionResult> pick = new LinkedHashMap<>();
        for (ConditionResult r : attacks(suite)) {
            String key = r.model() + "\u0000" + r.params().get("norm");
            ConditionResult cur = pick.get(key);
            boolean ensemble = r.params().get("stages") != null;
            boolean curEnsemble = cur != null && cur.params().get("stages") != null;
            if (cur == null || (ensemble && !curEnsemble) || (ensemble == curEnsemble && eps(r) >= eps(cur))) {
                pick.put(key, r);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (ConditionResult r : pick.values()) {
            List<Map<String, String>> images = images(r).stream().map(ExampleImage::view).toList();
            if (!images.isEmpty()) {
                out.add(Map.of("model", r.model(), "condition", r.condition(), "images", images));
            }
        }
        return out;
    }

    /** Every attack condition's stored examples (clean, adversarial, |difference|), not only the report's pick. */
    @Override
    public Map<String, List<ExampleImage>> examples(SuiteResults suite, ReportContext context) {
        Map<String, List<ExampleImage>> out = new LinkedHashMap<>();
        for (ConditionResult r : attacks(suite)) {
            List<ExampleImage> images = images(r);
            if (!images.isEmpty()) {
                out.put(ExampleSource.key(r.model(), r.condition()), images);
            }
        }
        return out;
    }

    /** Per stored example of the condition: the clean, the adversarial and the scaled |difference| image. */
    private static List<ExampleImage> images(ConditionResult r) {
        List<ExampleImage> images = new ArrayList<>();
        if (!(r.params().get("examples") instanceof List<?> list)) {
            return images;
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> e) || !(e.get("shape") instanceof List<?> shape) || shape.size() != 3) {
                continue;
            }
            long[] s = {1, ((Number) shape.get(0)).longValue(), ((Number) shape.get(1)).longValue(),
                ((Number) shape.get(2)).longValue()};
            float[] clean = pixels(String.valueOf(e.get("clean")));
            float[] adv = pixels(String.valueOf(e.get("adversarial")));
            if (clean.length != s[1] * s[2] * s[3] || adv.length != clean.length) {
                continue;
            }
            float[] diff = new float[clean.length];
            float max = 1e-6f;
            for (int i = 0; i < diff.length; i++) {
                diff[i] = Math.abs(adv[i] - clean[i]);
                max = Math.max(max, diff[i]);
            }
            for (int i = 0; i < diff.length; i++) {
                diff[i] /= max;
            }
            String what = "sample " + e.get("index") + ", label " + e.get("label") + " → " + e.get("prediction");
            images.add(ExampleImage.of(what + " (clean)", Nd4j.create(clean, s, 'c')));
            images.add(ExampleImage.of(what + " (adversarial)", Nd4j.create(adv, s, 'c')));
            images.add(ExampleImage.of(what + String.format(Locale.ROOT, " (|difference|, max %.3f)", max),
                    Nd4j.create(diff, s, 'c')));
        }
        return images;
    }

    private static float[] pixels(String base64) {
        byte[] b;
        try {
            b = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new float[0];
        }
        float[] out = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (b[i] & 0xff) / 255f;
        }
        return out;
    }
}
