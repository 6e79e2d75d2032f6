package org.sparsebench.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.RunResults;

/**
 * The per-sample records of a run as one row per model × suite × condition × sample, so every
 * metric can be recomputed with another tool. Columns: {@code model, suite, family, condition,
 * row} (position within the condition), then every per-sample column any condition stored
 * ({@code index, label, prediction, correct, ood, score, perturbation}, …, in a fixed order);
 * a column a condition lacks is empty (CSV) or absent (JSONL). Doubles keep full precision.
 */
public final class SampleExport {
    /** Preferred column order; other columns follow alphabetically. */
    private static final List<String> ORDER = List.of("index", "label", "prediction", "correct", "ood", "score",
            "perturbation");

    private SampleExport() {
    }

    public static String csv(RunResults run) {
        List<String> cols = columns(run);
        StringBuilder sb = new StringBuilder("model,suite,family,condition,row");
        for (String c : cols) {
            sb.append(',').append(csvCell(c));
        }
        sb.append('\n');
        for (ConditionResult r : run.results()) {
            Map<String, Object> m = r.samples().asMap();
            String prefix = csvCell(r.model()) + ',' + csvCell(r.suite()) + ',' + csvCell(r.family()) + ','
                    + csvCell(r.condition()) + ',';
            for (int i = 0; i < r.samples().rows(); i++) {
                sb.append(prefix).append(i);
                for (String c : cols) {
                    sb.append(',');
                    Object v = m.get(c);
                    if (v != null) {
                        sb.append(value(v, i));
                    }
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    public static String jsonl(RunResults run) {
        ObjectMapper om = new ObjectMapper();
        List<String> cols = columns(run);
        StringBuilder sb = new StringBuilder();
        try {
            for (ConditionResult r : run.results()) {
                Map<String, Object> m = r.samples().asMap();
                for (int i = 0; i < r.samples().rows(); i++) {
                    ObjectNode o = om.createObjectNode();
                    o.put("model", r.model());
                    o.put("suite", r.suite());
                    o.put("family", r.family());
                    o.put("condition", r.condition());
                    o.put("row", i);
                    for (String c : cols) {
                        Object v = m.get(c);
                        if (v instanceof int[] a) {
                            o.put(c, a[i]);
                        } else if (v instanceof double[] a) {
                            if (Double.isFinite(a[i])) {
                                o.put(c, a[i]);
                            } else {
                                o.putNull(c);
                            }
                        }
                    }
                    sb.append(om.writeValueAsString(o)).append('\n');
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return sb.toString();
    }

    static List<String> columns(RunResults run) {
        Set<String> present = new LinkedHashSet<>();
        for (ConditionResult r : run.results()) {
            present.addAll(r.samples().asMap().keySet());
        }
        List<String> out = new ArrayList<>();
        for (String c : ORDER) {
            if (present.remove(c)) {
                out.add(c);
            }
        }
        present.stream().sorted().forEach(out::add);
        return out;
    }

    private static String value(Object column, int i) {
        if (column instanceof int[] a) {
            return Integer.toString(a[i]);
        }
        double d = ((double[]) column)[i];
        return Double.isFinite(d) ? Double.toString(d) : Double.isNaN(d) ? "NaN" : (d > 0 ? "Inf" : "-Inf");
    }

    private static String csvCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** The formats {@code sparsebench export} writes. */
    public enum Format {
        CSV, JSONL;

        public String render(RunResults run) {
            return this == CSV ? csv(run) : jsonl(run);
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
