package org.sparsebench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Metric;

/** The plain table of a suite: one row per model × condition, one column per metric. */
public final class MetricTable {
    private MetricTable() {
    }

    public static String render(List<ConditionResult> results) {
        Set<String> names = new LinkedHashSet<>();
        results.forEach(r -> names.addAll(r.metrics().keySet()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ConditionResult r : results) {
            List<String> cells = new ArrayList<>();
            for (String n : names) {
                Metric m = r.metrics().get(n);
                cells.add(m == null ? "" : format(m));
            }
            rows.add(Map.of("model", r.model(), "condition", r.condition(), "cells", cells, "n", r.samples().rows(),
                    "seconds", String.format(Locale.ROOT, "%.1f", r.seconds())));
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("metricNames", new ArrayList<>(names));
        view.put("rows", rows);
        return Templates.render("table.mustache", view);
    }

    /** {@code 0.912 [0.894, 0.927]}, or just the value when there is no interval. */
    public static String format(Metric m) {
        if (Double.isNaN(m.value())) {
            return "n/a";
        }
        String value = String.format(Locale.ROOT, "%.3f", m.value());
        return m.hasInterval() ? value + String.format(Locale.ROOT, " [%.3f, %.3f]", m.lower(), m.upper()) : value;
    }
}
