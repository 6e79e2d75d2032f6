package org.sparsebench.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.sparsebench.api.Columns;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Metric;
import org.sparsebench.api.RunResults;
import org.sparsebench.api.SuiteSummary;
import org.sparsebench.stats.MultipleComparisons;
import org.sparsebench.stats.ProportionInterval;

/**
 * Ranks models per threat model across one or more runs: clean accuracy, corruption robustness
 * (mCE when the noise suite summarised it, else pooled corrupted accuracy), worst-case robust
 * accuracy over all attacks at each (norm, ε), and OOD AUROC per out-set. A model's rank in a
 * column is 1 + the number of models that are significantly better in that column (every pair
 * tested with {@link MetricTests} — McNemar / DeLong when the samples match — and Holm-corrected
 * within the column), so models whose difference is not significant share a rank.
 */
public final class Leaderboard {
    private static final double LEVEL = 0.95;

    private Leaderboard() {
    }

    /** A model as it appears in one run. */
    public record Entry(String model, String runId, String reportLink, Map<String, Cell> cells, double meanRank) {
    }

    /** One threat-model column. */
    public record Column(String id, String label, Direction better) {
    }

    /** A ranked value; {@code rank} is 0 when the model has no value in the column. */
    public record Cell(Metric metric, int rank) {
    }

    /** The ranked table. */
    public record Table(List<Column> columns, List<Entry> entries, double alpha) {
    }

    /** A run to include and the link to its report (relative to the leaderboard page). */
    public record Source(RunResults run, String reportLink) {
    }

    /** Value of a column for one model, with the per-sample records that let pairs be tested. */
    private record Value(Metric metric, Columns samples) {
    }

    public static Table build(List<Source> sources, double alpha) {
        // model -> (run, values); a model present in several runs is taken from the last source.
        Map<String, Source> sourceOf = new LinkedHashMap<>();
        Map<String, Map<String, Value>> values = new LinkedHashMap<>();
        Map<String, Column> columns = new LinkedHashMap<>();
        for (Source s : sources) {
            for (String model : models(s.run())) {
                sourceOf.put(model, s);
                values.put(model, extract(s.run(), model, columns));
            }
        }
        List<Column> ordered = new ArrayList<>(columns.values());
        ordered.sort(Comparator.comparing(Leaderboard::order));
        Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
        values.keySet().forEach(m -> cells.put(m, new LinkedHashMap<>()));
        for (Column col : ordered) {
            List<String> have = values.keySet().stream().filter(m -> values.get(m).containsKey(col.id())).toList();
            int[] rank = rank(col, have, values, alpha);
            for (int i = 0; i < have.size(); i++) {
                cells.get(have.get(i)).put(col.id(), new Cell(values.get(have.get(i)).get(col.id()).metric(), rank[i]));
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (String model : values.keySet()) {
            Map<String, Cell> c = cells.get(model);
            double mean = c.values().stream().mapToInt(Cell::rank).average().orElse(Double.NaN);
            entries.add(new Entry(model, sourceOf.get(model).run().runId(), sourceOf.get(model).reportLink(), c, mean));
        }
        entries.sort(Comparator.comparingDouble(Entry::meanRank).thenComparing(Entry::model));
        return new Table(ordered, entries, alpha);
    }

    /** 1 + number of models significantly better, Holm-corrected over the column's pairs. */
    private static int[] rank(Column col, List<String> models, Map<String, Map<String, Value>> values, double alpha) {
        int k = models.size();
        List<int[]> pairs = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        List<Double> diff = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                Value a = values.get(models.get(i)).get(col.id());
                Value b = values.get(models.get(j)).get(col.id());
                MetricTests.Outcome o = MetricTests.compare(metricName(col), a.metric(), a.samples(), b.metric(),
                        b.samples(), LEVEL, 1000, 7L * i + j, false);
                pairs.add(new int[] {i, j});
                p.add(Double.isNaN(o.result().pValue()) ? 1.0 : o.result().pValue());
                diff.add(b.metric().value() - a.metric().value());
            }
        }
        double[] adjusted = MultipleComparisons.holm(p.stream().mapToDouble(Double::doubleValue).toArray());
        int[] rank = new int[k];
        Arrays.fill(rank, 1);
        for (int q = 0; q < pairs.size(); q++) {
            if (adjusted[q] <= alpha) {
                int i = pairs.get(q)[0];
                int j = pairs.get(q)[1];
                boolean jBetter = col.better() == Direction.HIGHER ? diff.get(q) > 0 : diff.get(q) < 0;
                rank[jBetter ? i : j]++;
            }
        }
        return rank;
    }

    private static String metricName(Column c) {
        return c.id().startsWith("ood:") ? "auroc" : c.id().equals("corruptions:mce") ? "mCE" : "accuracy";
    }

    private static Set<String> models(RunResults run) {
        Set<String> out = new LinkedHashSet<>();
        run.results().forEach(r -> out.add(r.model()));
        return out;
    }

    private static Map<String, Value> extract(RunResults run, String model, Map<String, Column> columns) {
        Map<String, Value> out = new LinkedHashMap<>();
        List<ConditionResult> own = run.results().stream().filter(r -> r.model().equals(model)).toList();
        for (ConditionResult r : own) {
            if ("noise".equals(r.family()) && "clean".equals(r.condition()) && r.metrics().containsKey("accuracy")) {
                put(out, columns, new Column("clean", "Clean accuracy", Direction.HIGHER),
                        new Value(r.metrics().get("accuracy"), r.samples()));
            }
        }
        Metric mce = run.summaries().stream()
                .filter(s -> s.model().equals(model) && s.name().equalsIgnoreCase("mCE"))
                .map(SuiteSummary::metrics).map(m -> m.entrySet().stream()
                        .filter(e -> e.getKey().equalsIgnoreCase("mCE")).map(Map.Entry::getValue).findFirst().orElse(null))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        if (mce != null) {
            put(out, columns, new Column("corruptions:mce", "Corruptions mCE (lower is better)", Direction.LOWER),
                    new Value(mce, new Columns()));
        } else {
            List<ConditionResult> corrupted = own.stream()
                    .filter(r -> "noise".equals(r.family()) && !"clean".equals(r.condition())).toList();
            if (!corrupted.isEmpty()) {
                put(out, columns, new Column("corruptions:accuracy", "Corrupted accuracy (pooled)", Direction.HIGHER),
                        pooled(corrupted));
            }
        }
        // Worst case over attacks: a sample is robust at (norm, ε) only if every attack failed on it.
        Map<String, List<ConditionResult>> byThreat = new LinkedHashMap<>();
        for (ConditionResult r : own) {
            if ("adversarial".equals(r.family()) && r.params().get("norm") != null && r.params().get("epsilon") != null) {
                double eps = ((Number) r.params().get("epsilon")).doubleValue();
                byThreat.computeIfAbsent(r.params().get("norm") + ":" + eps, t -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<String, List<ConditionResult>> e : byThreat.entrySet()) {
            Value v = worstCase(e.getValue());
            if (v != null) {
                String[] t = e.getKey().split(":");
                String norm = t[0].equals("linf") ? "L∞" : t[0].equals("l2") ? "L2" : t[0];
                put(out, columns, new Column("adv:" + e.getKey(), norm + " robust accuracy, ε=" + t[1], Direction.HIGHER),
                        v);
            }
        }
        // OOD: one column per out-set, with the MSP score (the common baseline detector) when it ran; not the
        // detection of the run's perturbed inputs (group perturbed), which is no OOD set.
        List<ConditionResult> ood = own.stream().filter(r -> "anomaly".equals(r.family())
                && !"perturbed".equals(r.params().get("group"))).toList();
        boolean hasMsp = ood.stream().anyMatch(r -> "msp".equals(r.params().get("score")));
        for (ConditionResult r : ood) {
            if (r.metrics().containsKey("auroc") && (!hasMsp || "msp".equals(r.params().get("score")))) {
                put(out, columns, new Column("ood:" + r.condition(), "OOD AUROC " + r.condition(), Direction.HIGHER),
                        new Value(r.metrics().get("auroc"), r.samples()));
            }
        }
        return out;
    }

    private static void put(Map<String, Value> out, Map<String, Column> columns, Column c, Value v) {
        columns.putIfAbsent(c.id(), c);
        out.put(c.id(), v);
    }

    private static Value pooled(List<ConditionResult> conditions) {
        List<Integer> index = new ArrayList<>();
        List<Integer> correct = new ArrayList<>();
        for (int c = 0; c < conditions.size(); c++) {
            int[] idx = conditions.get(c).samples().ints("index");
            int[] ok = conditions.get(c).samples().ints("correct");
            if (idx == null || ok == null) {
                return null;
            }
            for (int i = 0; i < idx.length; i++) {
                index.add(c * 10_000_000 + idx[i]); // one key per (condition, sample) so pairs still align
                correct.add(ok[i]);
            }
        }
        int[] ok = correct.stream().mapToInt(Integer::intValue).toArray();
        long k = Arrays.stream(ok).filter(v -> v == 1).count();
        return new Value(ProportionInterval.wilson(k, ok.length, LEVEL),
                new Columns().ints("index", index.stream().mapToInt(Integer::intValue).toArray()).ints("correct", ok));
    }

    private static Value worstCase(List<ConditionResult> attacks) {
        int[] index = attacks.get(0).samples().ints("index");
        if (index == null) {
            return null;
        }
        Map<Integer, Integer> robust = new LinkedHashMap<>();
        for (int i : index) {
            robust.put(i, 1);
        }
        for (ConditionResult r : attacks) {
            int[] idx = r.samples().ints("index");
            int[] ok = r.samples().ints("correct");
            if (idx == null || ok == null || !new TreeSet<>(robust.keySet()).equals(toSet(idx))) {
                return null;
            }
            for (int i = 0; i < idx.length; i++) {
                robust.merge(idx[i], ok[i], Math::min);
            }
        }
        int[] ok = robust.values().stream().mapToInt(Integer::intValue).toArray();
        long k = Arrays.stream(ok).filter(v -> v == 1).count();
        return new Value(ProportionInterval.wilson(k, ok.length, LEVEL),
                new Columns().ints("index", robust.keySet().stream().mapToInt(Integer::intValue).toArray())
                        .ints("correct", ok));
    }

    private static TreeSet<Integer> toSet(int[] a) {
        TreeSet<Integer> s = new TreeSet<>();
        for (int v : a) {
            s.add(v);
        }
        return s;
    }

    /** Column order: clean, corruptions, L∞ by ε, L2 by ε, OOD. */
    private static String order(Column c) {
        String id = c.id();
        if (id.equals("clean")) {
            return "0";
        }
        if (id.startsWith("corruptions")) {
            return "1";
        }
        if (id.startsWith("adv:")) {
            String[] t = id.split(":");
            return (t[1].equals("linf") ? "2" : "3") + String.format("%012.6f", Double.parseDouble(t[2]));
        }
        return "4" + id;
    }
}
