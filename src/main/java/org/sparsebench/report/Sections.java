package org.sparsebench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Metric;

/** Grouping and series helpers shared by the family sections. */
final class Sections {
    private Sections() {
    }

    static Map<String, List<ConditionResult>> byModel(List<ConditionResult> results) {
        Map<String, List<ConditionResult>> out = new LinkedHashMap<>();
        results.forEach(r -> out.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r));
        return out;
    }

    /** A chart series of {@code metric} over {@code x}, with the metric's interval as the band. */
    static Charts.Series series(String name, List<ConditionResult> points, ToDoubleFunction<ConditionResult> x,
            String metric) {
        List<ConditionResult> sorted = new ArrayList<>(points);
        sorted.sort((a, b) -> Double.compare(x.applyAsDouble(a), x.applyAsDouble(b)));
        int n = sorted.size();
        double[] xs = new double[n];
        double[] ys = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int i = 0; i < n; i++) {
            Metric m = sorted.get(i).metrics().get(metric);
            xs[i] = x.applyAsDouble(sorted.get(i));
            ys[i] = m.value();
            lo[i] = m.lower();
            hi[i] = m.upper();
        }
        return new Charts.Series(name, xs, ys, lo, hi);
    }
}
