package org.sparsebench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Metric;
import org.sparsebench.api.RunResults;

/**
 * The report's "Sparse coding diagnostics" part: per model, each coding layer's activation
 * sparsity on clean inputs, share of positive biases (sparse-prior violations), mutual coherence of
 * its normalized filters and, for ISTA layers, the objective over the iterations (from
 * {@code results.json}'s {@code diagnostics}); then the activation sparsity under each suite's
 * perturbations (the conditions' {@code sparsity/<layer>} diagnostics): noise conditions averaged
 * per severity, adversarial conditions one by one, anomaly conditions per out-of-distribution set,
 * with a chart of sparsity against corruption severity.
 */
final class SparseSection {
    static final String PREFIX = "sparsity/";

    private SparseSection() {
    }

    /** The rendered fragment, or "" when the run has no sparse diagnostics at all. */
    static String render(RunResults results) {
        Map<String, Object> view = view(results);
        return view.isEmpty() ? "" : Templates.render("sparse.mustache", view);
    }

    static Map<String, Object> view(RunResults results) {
        List<Map<String, Object>> models = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>(results.diagnostics().keySet());
        results.results().stream().filter(r -> hasSparsity(r)).forEach(r -> ids.add(r.model()));
        for (String id : ids) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", id);
            List<Map<String, Object>> layers = layers(results.diagnostics().get(id));
            m.put("layers", layers);
            m.put("hasLayers", !layers.isEmpty());
            m.put("hasIsta", layers.stream().anyMatch(l -> !"".equals(l.get("ista"))));
            Map<String, Object> under = underPerturbation(results.results().stream()
                    .filter(r -> r.model().equals(id) && hasSparsity(r)).toList());
            m.putAll(under);
            models.add(m);
        }
        if (models.isEmpty()) {
            return Map.of();
        }
        return Map.of("models", models);
    }

    private static boolean hasSparsity(ConditionResult r) {
        return r.diagnostics().keySet().stream().anyMatch(k -> k.startsWith(PREFIX));
    }

    private static List<Map<String, Object>> layers(Object diagnostics) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!(diagnostics instanceof Map<?, ?> d) || !(d.get("layers") instanceof List<?> layers)) {
            return out;
        }
        for (Object o : layers) {
            if (!(o instanceof Map<?, ?> l)) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", String.valueOf(l.get("name")));
            row.put("sparsity", number(l.get("activationSparsity")));
            row.put("positiveBias", number(l.get("positiveBiasFraction")));
            row.put("coherence", number(l.get("mutualCoherence")));
            row.put("threshold", Boolean.TRUE.equals(l.get("dataDependentThreshold")) ? "data-dependent (k-WTA)"
                    : Boolean.TRUE.equals(l.get("twoSided")) ? "two-sided (soft)" : "one-sided (ReLU)");
            row.put("ista", ista(l.get("istaObjective")));
            out.add(row);
        }
        return out;
    }

    /** "f₀ → f_K (−p%)" with the per-iteration values in between, or "" for non-ISTA layers. */
    private static String ista(Object objective) {
        if (!(objective instanceof List<?> values) || values.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (Object v : values) {
            parts.add(number(v));
        }
        String s = String.join(" → ", parts);
        if (values.get(0) instanceof Number first && values.get(values.size() - 1) instanceof Number last
                && first.doubleValue() != 0) {
            s += String.format(Locale.ROOT, " (%+.1f%%)", 100 * (last.doubleValue() / first.doubleValue() - 1));
        }
        return s;
    }

    /** Columns (condition groups) × rows (layers) of mean sparsity for one model, and a severity chart. */
    private static Map<String, Object> underPerturbation(List<ConditionResult> rs) {
        Map<String, Map<String, List<Double>>> cells = new LinkedHashMap<>(); // column -> layer -> values
        Map<String, Map<Double, List<Double>>> bySeverity = new LinkedHashMap<>(); // layer -> severity -> values
        Set<String> layerNames = new LinkedHashSet<>();
        Set<String> seenOod = new LinkedHashSet<>();
        for (ConditionResult r : rs) {
            String column;
            switch (r.family()) {
                case "noise" -> {
                    Object sev = r.params().get("severity");
                    column = r.suite() + (sev instanceof Number n && n.intValue() > 0 ? ": severity " + n.intValue()
                            : ": clean");
                }
                case "anomaly" -> {
                    String out = String.valueOf(r.params().get("out"));
                    if (!seenOod.add(r.suite() + "/" + out)) {
                        continue; // the same OOD images for every score
                    }
                    column = r.suite() + ": " + out;
                }
                default -> column = r.suite() + ": " + r.condition();
            }
            for (Map.Entry<String, Metric> e : r.diagnostics().entrySet()) {
                if (!e.getKey().startsWith(PREFIX)) {
                    continue;
                }
                String layer = e.getKey().substring(PREFIX.length());
                layerNames.add(layer);
                cells.computeIfAbsent(column, k -> new LinkedHashMap<>())
                        .computeIfAbsent(layer, k -> new ArrayList<>()).add(e.getValue().value());
                if ("noise".equals(r.family()) && r.params().get("severity") instanceof Number n) {
                    bySeverity.computeIfAbsent(layer, k -> new TreeMap<>())
                            .computeIfAbsent(n.doubleValue(), k -> new ArrayList<>()).add(e.getValue().value());
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> columns = new ArrayList<>(cells.keySet());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String layer : layerNames) {
            List<String> values = new ArrayList<>();
            for (String c : columns) {
                List<Double> v = cells.get(c).get(layer);
                values.add(v == null ? "" : number(mean(v)));
            }
            rows.add(Map.of("layer", layer, "cells", values));
        }
        out.put("columns", columns);
        out.put("rows", rows);
        out.put("hasPerturbed", !columns.isEmpty());
        List<Charts.Series> series = new ArrayList<>();
        for (Map.Entry<String, Map<Double, List<Double>>> e : bySeverity.entrySet()) {
            double[] x = e.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = e.getValue().values().stream().mapToDouble(SparseSection::mean).toArray();
            series.add(Charts.Series.of(e.getKey(), x, y));
        }
        boolean chart = series.stream().anyMatch(s -> s.x().length > 1);
        out.put("hasChart", chart);
        out.put("chart", chart ? Charts.line("activation sparsity vs corruption severity", "severity (0 = clean)",
                "fraction of zeros", series, new double[] {0, 1}, false, 420, 300) : "");
        return out;
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static String number(Object v) {
        return v instanceof Number n && Double.isFinite(n.doubleValue())
                ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "n/a";
    }
}
