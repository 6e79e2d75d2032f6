package org.sparsebench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Corruption;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Metric;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.ReportSection;
import org.sparsebench.api.Seeds;
import org.sparsebench.api.SuiteSummary;
import org.sparsebench.stats.ProportionInterval;
import org.sparsebench.suites.noise.CorruptionErrors;
import org.sparsebench.suites.noise.NoiseSuite;

/**
 * Noise family: accuracy vs severity per corruption (per model, one chart per corruption group), the
 * CE / mCE / relative mCE table against the suite's baseline model, the metrics table, and a strip
 * of one test image at every severity of every corruption.
 */
public final class NoiseSection implements ReportSection, ExampleSource {
    private final Remembered<List<SuiteSummary>> summaries = new Remembered<>();
    private final Remembered<String> rendered = new Remembered<>();

    @Override
    public String name() {
        return "noise-section";
    }

    @Override
    public String description() {
        return "report section of the noise family: accuracy-vs-severity charts and example strips";
    }

    @Override
    public String family() {
        return "noise";
    }

    @Override
    public List<Headline> headlines(SuiteResults suite) {
        List<Headline> out = new ArrayList<>();
        for (Map.Entry<String, List<ConditionResult>> e : Sections.byModel(suite.results()).entrySet()) {
            long correct = 0;
            long n = 0;
            for (ConditionResult r : e.getValue()) {
                if ("clean".equals(r.condition())) {
                    out.add(new Headline(e.getKey(), "clean accuracy", r.metrics().get("accuracy")));
                } else {
                    Metric a = r.metrics().get("accuracy");
                    correct += Math.round(a.value() * a.n());
                    n += a.n();
                }
            }
            if (n > 0) {
                // Pooled over corruption × severity; the Wilson interval treats the pooled trials as independent.
                out.add(new Headline(e.getKey(), suite.suite() + ": mean corrupted accuracy",
                        ProportionInterval.wilson(correct, n, 0.95)));
            }
        }
        for (SuiteSummary s : summaries(suite)) {
            Metric mce = s.metrics().get("mCE");
            if ("mCE".equals(s.name()) && mce != null) {
                out.add(new Headline(s.model(), suite.suite() + ": mCE vs " + s.params().get("baseline"), mce));
            }
        }
        return out;
    }

    /**
     * CE / mCE summaries of the suite, recomputed from the per-sample records exactly as
     * {@code NoiseSuite.summarize} stored them in results.json (same baseline, same bootstrap seeds); the
     * section gets the results, not the stored summaries. Remembered for the suite last asked about (an
     * equal suite, as each reporter builds its own, reuses them).
     */
    private List<SuiteSummary> summaries(SuiteResults suite) {
        return summaries.get(suite, () -> CorruptionErrors.summarize(suite.suite(), baseline(suite), suite.results()));
    }

    /** The suite entry's {@code baseline} from the run manifest, else the default. */
    static String baseline(SuiteResults suite) {
        if (suite.manifest().get("suites") instanceof Map<?, ?> suites
                && suites.get(suite.suite()) instanceof Map<?, ?> entry
                && entry.get("spec") instanceof Map<?, ?> spec && spec.get("baseline") != null) {
            return String.valueOf(spec.get("baseline"));
        }
        return NoiseSuite.DEFAULT_BASELINE;
    }

    /** Drawn once for equal inputs (the HTML report and the Allure results both render the section). */
    @Override
    public String render(SuiteResults suite, ReportContext context) {
        return rendered.get(java.util.Arrays.asList(suite, context), () -> draw(suite, context));
    }

    private String draw(SuiteResults suite, ReportContext context) {
        List<Map<String, String>> charts = new ArrayList<>();
        List<String> corruptions = new ArrayList<>();
        for (Map.Entry<String, List<ConditionResult>> e : Sections.byModel(suite.results()).entrySet()) {
            ConditionResult clean = e.getValue().stream().filter(r -> "clean".equals(r.condition())).findFirst()
                    .orElse(null);
            // group (noise, blur, …) → corruption → its severities
            Map<String, Map<String, List<ConditionResult>>> byGroup = new LinkedHashMap<>();
            for (ConditionResult r : e.getValue()) {
                if (!"clean".equals(r.condition())) {
                    String group = String.valueOf(r.params().getOrDefault("group", "corruptions"));
                    byGroup.computeIfAbsent(group, k -> new LinkedHashMap<>())
                            .computeIfAbsent(String.valueOf(r.params().get("corruption")), k -> new ArrayList<>())
                            .add(r);
                }
            }
            for (Map.Entry<String, Map<String, List<ConditionResult>>> g : byGroup.entrySet()) {
                List<Charts.Series> series = new ArrayList<>();
                for (Map.Entry<String, List<ConditionResult>> c : g.getValue().entrySet()) {
                    if (!corruptions.contains(c.getKey())) {
                        corruptions.add(c.getKey());
                    }
                    List<ConditionResult> pts = new ArrayList<>(c.getValue());
                    if (clean != null) {
                        pts.add(0, clean);
                    }
                    series.add(Sections.series(c.getKey(), pts,
                            r -> ((Number) r.params().get("severity")).doubleValue(), "accuracy"));
                }
                String title = e.getKey() + ": " + g.getKey() + (byGroup.size() > 1 ? "" : " corruptions");
                charts.add(Map.of("svg", Charts.line(title, "severity (0 = clean)", "accuracy", series,
                        new double[] {0, 1}, false, 420, 300)));
            }
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("charts", charts);
        view.putAll(ceTable(suite));
        view.put("table", MetricTable.render(suite.results()));
        List<Map<String, Object>> strips = strips(suite, context, corruptions);
        view.put("strips", strips);
        view.put("hasStrips", !strips.isEmpty());
        return Templates.render("noise.mustache", view);
    }

    /**
     * The CE table: one row per corruption and a last row for the means (mCE, relative mCE), two
     * columns per model (CE, relative CE).
     */
    private Map<String, Object> ceTable(SuiteResults suite) {
        List<SuiteSummary> all = summaries(suite);
        String baseline = baseline(suite);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("baseline", baseline);
        List<String> models = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        Map<String, SuiteSummary> cell = new LinkedHashMap<>();
        String note = null;
        for (SuiteSummary s : all) {
            if (!models.contains(s.model())) {
                models.add(s.model());
            }
            if (s.params().get("note") != null) {
                note = String.valueOf(s.params().get("note"));
            }
            if (s.name().startsWith("CE/")) {
                String c = s.name().substring(3);
                if (!rows.contains(c)) {
                    rows.add(c);
                }
                cell.put(s.model() + "\u0000" + c, s);
            } else if ("mCE".equals(s.name())) {
                cell.put(s.model() + "\u0000", s);
            }
        }
        List<Map<String, Object>> body = new ArrayList<>();
        for (String c : rows) {
            body.add(Map.of("name", c, "cells", cells(models, cell, c, "CE", "relative_CE")));
        }
        boolean hasCe = !rows.isEmpty();
        if (hasCe) {
            body.add(Map.of("name", "mean (mCE, relative mCE)", "cells", cells(models, cell, "", "mCE", "relative_mCE")));
        }
        view.put("ceModels", models);
        view.put("ceRows", body);
        view.put("hasCe", hasCe);
        view.put("ceNote", note == null ? "" : note);
        view.put("hasCeNote", note != null);
        return view;
    }

    private static List<String> cells(List<String> models, Map<String, SuiteSummary> cell, String key, String ce,
            String relative) {
        List<String> out = new ArrayList<>();
        for (String m : models) {
            SuiteSummary s = cell.get(m + "\u0000" + key);
            out.add(s == null || s.metrics().get(ce) == null ? "" : MetricTable.format(s.metrics().get(ce)));
            out.add(s == null || s.metrics().get(relative) == null ? "" : MetricTable.format(s.metrics().get(relative)));
        }
        return out;
    }

    /** One row per corruption: the first evaluated test image at severities 0..5. */
    private static List<Map<String, Object>> strips(SuiteResults suite, ReportContext ctx, List<String> corruptions) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Exemplar ex = Exemplar.of(suite, ctx);
        if (ex == null) {
            return rows;
        }
        for (String name : corruptions) {
            List<Map<String, String>> images = new ArrayList<>();
            for (int s = 0; s <= 5; s++) {
                images.add(ex.at(name, s).view());
            }
            rows.add(Map.of("name", name, "images", images));
        }
        return rows;
    }

    /**
     * Per condition, the first evaluated test image as that condition saw it: clean, or clean and
     * corrupted at the condition's severity (the same images as the strips).
     */
    @Override
    public Map<String, List<ExampleImage>> examples(SuiteResults suite, ReportContext context) {
        Map<String, List<ExampleImage>> out = new LinkedHashMap<>();
        Exemplar ex = Exemplar.of(suite, context);
        if (ex == null) {
            return out;
        }
        Map<String, List<ExampleImage>> byCondition = new LinkedHashMap<>();
        for (ConditionResult r : suite.results()) {
            List<ExampleImage> images = byCondition.computeIfAbsent(r.condition(), k -> {
                String corruption = String.valueOf(r.params().get("corruption"));
                int severity = r.params().get("severity") instanceof Number n ? n.intValue() : 0;
                return "clean".equals(r.condition()) || severity == 0 ? List.of(ExampleImage.of("clean", ex.x()))
                        : List.of(ex.at(corruption, 0), ex.at(corruption, severity));
            });
            out.put(ExampleSource.key(r.model(), r.condition()), images);
        }
        return out;
    }

    /**
     * The suite's first evaluated test image and how the suite corrupted it (same plugin, same seed
     * stream), or null when the context has no plugins or data.
     */
    private record Exemplar(INDArray x, int index, long seed, ReportContext ctx) {
        static Exemplar of(SuiteResults suite, ReportContext ctx) {
            if (ctx.plugins() == null || ctx.datasets() == null || suite.results().isEmpty()) {
                return null;
            }
            Object dataInfo = suite.manifest().get("data");
            if (!(dataInfo instanceof Map<?, ?> info) || info.get("id") == null) {
                return null;
            }
            Dataset data = ctx.datasets().resolve(String.valueOf(info.get("id")));
            int index = suite.results().get(0).samples().ints("index")[0];
            long seed = ((Number) suite.manifest().getOrDefault("seed", 0L)).longValue();
            return new Exemplar(data.images(new int[] {index}), index, seed, ctx);
        }

        /** The image under {@code corruption} at {@code severity} (0: the clean image). */
        ExampleImage at(String corruption, int severity) {
            String caption = corruption + " severity " + severity;
            if (severity == 0) {
                return ExampleImage.of(caption, x);
            }
            Corruption c = ctx.plugins().get(Corruption.class, corruption, "report");
            return ExampleImage.of(caption, c.apply(x, severity, new long[] {Seeds.of(seed, corruption + "/" + severity,
                    index)}));
        }
    }
}
