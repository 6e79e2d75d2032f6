package org.sparsebench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.ReportSection;
import org.sparsebench.api.ReportSection.Headline;
import org.sparsebench.api.ReportSection.SuiteResults;
import org.sparsebench.api.Reporter;
import org.sparsebench.api.RunResults;
import org.sparsebench.api.SuiteSummary;
import org.sparsebench.run.ResultStore;

/**
 * {@code index.html}: one self-contained page (inline CSS and SVG, no scripts, no network): a
 * summary table of headline metrics per model, one section per suite (rendered by the family's
 * {@link ReportSection}, else a metrics table), the sparse-coding diagnostics ({@link SparseSection}),
 * failures, and the run manifest.
 */
public final class HtmlReporter implements Reporter {
    public static final String FILE = "index.html";

    @Override
    public String name() {
        return "html";
    }

    @Override
    public String description() {
        return "self-contained HTML report (index.html): summary, charts and tables per suite, manifest";
    }

    @Override
    public void write(RunResults results, ReportContext context, Path runDir) throws IOException {
        String html = Templates.render("index.html.mustache", view(results, context, sections(context)));
        ResultStore.writeAtomically(runDir.resolve(FILE), html.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, ReportSection> sections(ReportContext context) {
        Map<String, ReportSection> out = new LinkedHashMap<>();
        List<ReportSection> found = context.plugins() != null ? context.plugins().all(ReportSection.class)
                : ServiceLoader.load(ReportSection.class).stream().map(ServiceLoader.Provider::get).toList();
        found.forEach(s -> out.putIfAbsent(s.family(), s));
        return out;
    }

    static Map<String, Object> view(RunResults results, ReportContext context, Map<String, ReportSection> sections) {
        Map<String, Object> m = results.manifest();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("title", "SparseBench · " + m.getOrDefault("name", "run") + " · " + results.runId()
                + ("partial".equals(m.get("status")) ? " · PARTIAL" : ""));

        Map<String, List<ConditionResult>> bySuite = new LinkedHashMap<>();
        for (ConditionResult r : results.results()) {
            bySuite.computeIfAbsent(r.suite(), k -> new ArrayList<>()).add(r);
        }
        List<Map<String, Object>> suiteViews = new ArrayList<>();
        List<Headline> headlines = new ArrayList<>();
        for (Map.Entry<String, List<ConditionResult>> e : bySuite.entrySet()) {
            String family = e.getValue().get(0).family();
            SuiteResults sr = new SuiteResults(e.getKey(), family, e.getValue(), m);
            ReportSection section = sections.get(family);
            String body = section != null ? section.render(sr, context) : MetricTable.render(e.getValue());
            if (section != null) {
                headlines.addAll(section.headlines(sr));
            }
            List<Map<String, Object>> sums = new ArrayList<>();
            for (SuiteSummary s : results.summaries()) {
                if (s.suite().equals(e.getKey())) {
                    List<String> cells = new ArrayList<>();
                    s.metrics().forEach((k, metric) -> cells.add(k + " = " + MetricTable.format(metric)));
                    sums.add(Map.of("model", s.model(), "name", s.name(), "metrics", String.join("; ", cells)));
                }
            }
            suiteViews.add(Map.of("suite", e.getKey(), "family", family, "body", body, "summaries", sums,
                    "hasSummaries", !sums.isEmpty()));
        }
        v.put("suites", suiteViews);
        v.put("sparse", SparseSection.render(results));
        v.put("summary", summary(headlines));
        v.put("hasSummary", !headlines.isEmpty());

        List<Map<String, String>> manifest = new ArrayList<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (!"failures".equals(e.getKey())) {
                manifest.add(Map.of("key", e.getKey(), "value", String.valueOf(e.getValue())));
            }
        }
        for (Map.Entry<String, Object> e : results.execution().entrySet()) {
            if (!"conditionSeconds".equals(e.getKey())) {
                manifest.add(Map.of("key", "execution." + e.getKey(), "value", String.valueOf(e.getValue())));
            }
        }
        v.put("manifest", manifest);
        Object failures = m.get("failures");
        v.put("failures", failures instanceof List<?> l ? l : List.of());
        v.put("hasFailures", failures instanceof List<?> l && !l.isEmpty());
        return v;
    }

    /** Rows = models, columns = headline labels in first-seen order. */
    private static Map<String, Object> summary(List<Headline> headlines) {
        Set<String> labels = new LinkedHashSet<>();
        Set<String> models = new LinkedHashSet<>();
        Map<String, String> cell = new LinkedHashMap<>();
        for (Headline h : headlines) {
            labels.add(h.label());
            models.add(h.model());
            cell.put(h.model() + "\u0000" + h.label(), MetricTable.format(h.metric()));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String model : models) {
            List<String> cells = new ArrayList<>();
            for (String l : labels) {
                cells.add(cell.getOrDefault(model + "\u0000" + l, ""));
            }
            rows.add(Map.of("model", model, "cells", cells));
        }
        return Map.of("labels", new ArrayList<>(labels), "rows", rows);
    }
}
