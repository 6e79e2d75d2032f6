package org.sparsebench.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Metric;
import org.sparsebench.api.Reporter;
import org.sparsebench.api.RunResults;
import org.sparsebench.run.ResultStore;

/**
 * {@code index.html}: one self-contained page (inline CSS, no scripts, no network) with the run
 * manifest and one table per suite. Rendered with Mustache, which HTML-escapes every value.
 */
public final class HtmlReporter implements Reporter {
    public static final String FILE = "index.html";
    private static final Mustache TEMPLATE = new DefaultMustacheFactory("org/sparsebench/report")
            .compile("index.html.mustache");

    @Override
    public String name() {
        return "html";
    }

    @Override
    public String description() {
        return "self-contained HTML report (index.html) with manifest and per-suite tables";
    }

    @Override
    public void write(RunResults results, Path runDir) throws IOException {
        StringWriter out = new StringWriter();
        TEMPLATE.execute(out, view(results)).flush();
        ResultStore.writeAtomically(runDir.resolve(FILE), out.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, Object> view(RunResults results) {
        Map<String, Object> m = results.manifest();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("title", "SparseBench — " + m.getOrDefault("name", "run") + " — " + m.getOrDefault("runId", ""));
        List<Map<String, String>> manifest = new ArrayList<>();
        for (String key : List.of("runId", "name", "createdAt", "sparsebenchVersion", "gitCommit", "seed", "suiteFile",
                "suiteSha256", "data", "batch", "models", "versions", "machine", "timings")) {
            if (m.containsKey(key)) {
                manifest.add(Map.of("key", key, "value", String.valueOf(m.get(key))));
            }
        }
        v.put("manifest", manifest);

        Map<String, Map<String, Object>> suites = new LinkedHashMap<>();
        for (ConditionResult r : results.results()) {
            Map<String, Object> s = suites.computeIfAbsent(r.suite(), k -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("suite", k);
                x.put("family", r.family());
                x.put("metricNames", new ArrayList<String>(r.metrics().keySet()));
                x.put("rows", new ArrayList<Map<String, Object>>());
                return x;
            });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) s.get("rows");
            List<String> cells = new ArrayList<>();
            for (Metric metric : r.metrics().values()) {
                cells.add(format(metric));
            }
            rows.add(Map.of("model", r.model(), "condition", r.condition(), "cells", cells, "n",
                    r.samples().rows(), "seconds", String.format(Locale.ROOT, "%.1f", r.seconds())));
        }
        v.put("suites", new ArrayList<>(suites.values()));
        Object failures = m.get("failures");
        v.put("failures", failures instanceof List<?> l ? l : List.of());
        v.put("hasFailures", failures instanceof List<?> l && !l.isEmpty());
        return v;
    }

    /** {@code 0.912 [0.894, 0.927]}, or just the value when there is no interval. */
    static String format(Metric m) {
        if (Double.isNaN(m.value())) {
            return "n/a";
        }
        String value = String.format(Locale.ROOT, "%.3f", m.value());
        return m.hasInterval() ? value + String.format(Locale.ROOT, " [%.3f, %.3f]", m.lower(), m.upper()) : value;
    }
}
