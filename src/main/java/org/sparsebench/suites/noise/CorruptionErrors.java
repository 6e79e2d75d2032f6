package org.sparsebench.suites.noise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Metric;
import org.sparsebench.api.Seeds;
import org.sparsebench.api.SuiteSummary;
import org.sparsebench.stats.Bootstrap;

/**
 * Corruption error relative to a baseline model (Hendrycks &amp; Dietterich 2019): per corruption c,
 * {@code CE_c = Σ_s E(c, s) / Σ_s E_base(c, s)} and
 * {@code relative CE_c = Σ_s (E(c, s) − E_clean) / Σ_s (E_base(c, s) − E_base,clean)}; mCE and relative
 * mCE are their means over the corruptions. Sums run over the severities both models ran. Intervals
 * are seeded percentile bootstraps that resample sample indices jointly for the model and the
 * baseline (the per-sample records of one run share indices), so the pairing is kept.
 */
public final class CorruptionErrors {
    /** Bootstrap replicates per interval. */
    public static final int REPLICATES = Bootstrap.DEFAULT_REPLICATES;
    /** Interval level. */
    public static final double LEVEL = 0.95;
    private static final long BOOTSTRAP_SEED = 2019L;
    private static final String METHOD_NOTE = "Hendrycks & Dietterich 2019; bootstrap over samples, paired with the baseline";

    private CorruptionErrors() {
    }

    /**
     * Summaries per model: one {@code CE/<corruption>} (metrics {@code CE}, {@code relative_CE},
     * {@code error}) per corruption and one {@code mCE} (metrics {@code mCE}, {@code relative_mCE},
     * {@code clean_error}). When the baseline did not run, one {@code mCE} per model whose params say so,
     * with the unnormalized {@code mean_error} only.
     */
    public static List<SuiteSummary> summarize(String suite, String baseline, List<ConditionResult> results) {
        // The run summarizes each noise suite once and the HTML/Allure noise section once more from
        // the same results (the section is handed results, not summaries): the last answer is kept.
        List<Object> key = List.of(suite, baseline, List.copyOf(results));
        synchronized (CorruptionErrors.class) {
            if (key.equals(lastKey)) {
                return lastSummaries;
            }
        }
        List<SuiteSummary> out = List.copyOf(compute(suite, baseline, results));
        synchronized (CorruptionErrors.class) {
            lastKey = key;
            lastSummaries = out;
        }
        return out;
    }

    /** Arguments and answer of the last {@link #summarize} (a pure function of them). */
    private static List<Object> lastKey;
    private static List<SuiteSummary> lastSummaries;

    private static List<SuiteSummary> compute(String suite, String baseline, List<ConditionResult> results) {
        Map<String, Records> byModel = new LinkedHashMap<>();
        for (ConditionResult r : results) {
            byModel.computeIfAbsent(r.model(), k -> new Records()).add(r);
        }
        List<SuiteSummary> out = new ArrayList<>();
        Records base = byModel.get(baseline);
        boolean perSample = results.stream().allMatch(r -> r.samples().ints("index") != null
                && r.samples().ints("correct") != null);
        for (Map.Entry<String, Records> e : byModel.entrySet()) {
            String model = e.getKey();
            if (!perSample) {
                Map<String, Object> params = params(baseline);
                params.put("note", "per-sample records (index, correct) are missing, so CE and mCE are not available");
                out.add(new SuiteSummary(model, suite, "noise", "mCE", params, Map.of()));
            } else if (base == null) {
                out.add(withoutBaseline(suite, baseline, model, e.getValue()));
            } else {
                out.addAll(relative(suite, baseline, model, e.getValue(), base));
            }
        }
        return out;
    }

    private static List<SuiteSummary> relative(String suite, String baseline, String model, Records m, Records b) {
        List<SuiteSummary> out = new ArrayList<>();
        int[] common = m.commonIndices(b);
        List<String> corruptions = new ArrayList<>();
        List<int[]> errModel = new ArrayList<>();
        List<int[]> errBase = new ArrayList<>();
        List<int[]> relModel = new ArrayList<>();
        List<int[]> relBase = new ArrayList<>();
        boolean clean = m.clean != null && b.clean != null;
        int[] cleanModel = clean ? m.errors(m.clean, common) : null;
        int[] cleanBase = clean ? b.errors(b.clean, common) : null;
        for (String c : m.corruptions()) {
            Set<Integer> severities = new TreeSet<>(m.severities(c));
            severities.retainAll(b.severities(c));
            if (severities.isEmpty()) {
                continue;
            }
            int[] em = m.summedErrors(c, severities, common);
            int[] eb = b.summedErrors(c, severities, common);
            int[] rm = clean ? minus(em, cleanModel, severities.size()) : null;
            int[] rb = clean ? minus(eb, cleanBase, severities.size()) : null;
            long seed = Seeds.of(BOOTSTRAP_SEED, "ce/" + model + "/" + c, 0);
            Map<String, Metric> metrics = new LinkedHashMap<>();
            metrics.put("CE", ratio(em, eb, seed));
            metrics.put("relative_CE", clean ? ratio(rm, rb, seed) : Metric.point(Double.NaN, common.length));
            metrics.put("error", ratio(em, constant(common.length, severities.size()), seed));
            Map<String, Object> params = params(baseline);
            params.put("corruption", c);
            params.put("severities", new ArrayList<>(severities));
            out.add(new SuiteSummary(model, suite, "noise", "CE/" + c, params, metrics));
            corruptions.add(c);
            errModel.add(em);
            errBase.add(eb);
            relModel.add(rm);
            relBase.add(rb);
        }
        long seed = Seeds.of(BOOTSTRAP_SEED, "mce/" + model, 0);
        Map<String, Metric> metrics = new LinkedHashMap<>();
        metrics.put("mCE", meanRatio(errModel, errBase, common.length, seed));
        metrics.put("relative_mCE", clean ? meanRatio(relModel, relBase, common.length, seed)
                : Metric.point(Double.NaN, common.length));
        if (clean) {
            metrics.put("clean_error", ratio(cleanModel, constant(common.length, 1), seed));
        }
        Map<String, Object> params = params(baseline);
        params.put("corruptions", corruptions);
        if (!clean) {
            params.put("note", "no clean condition for this model or the baseline: relative mCE needs it");
        }
        out.add(new SuiteSummary(model, suite, "noise", "mCE", params, metrics));
        return out;
    }

    private static SuiteSummary withoutBaseline(String suite, String baseline, String model, Records m) {
        int[] common = m.commonIndices(m);
        List<int[]> errors = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        for (String c : m.corruptions()) {
            Set<Integer> severities = m.severities(c);
            errors.add(m.summedErrors(c, severities, common));
            counts.add(constant(common.length, severities.size()));
        }
        Map<String, Object> params = params(baseline);
        params.put("note", "baseline model '" + baseline + "' did not run, so CE and mCE are not available; "
                + "add it to the run's models or set the suite's baseline");
        Map<String, Metric> metrics = new LinkedHashMap<>();
        metrics.put("mean_error", meanRatio(errors, counts, common.length, Seeds.of(BOOTSTRAP_SEED, "me/" + model, 0)));
        return new SuiteSummary(model, suite, "noise", "mCE", params, metrics);
    }

    private static Map<String, Object> params(String baseline) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("baseline", baseline);
        p.put("definition", METHOD_NOTE);
        return p;
    }

    /** {@code Σ num[idx] / Σ den[idx]} with its bootstrap interval; NaN when the denominator is 0. */
    static Metric ratio(int[] num, int[] den, long seed) {
        return Bootstrap.percentile(new int[num.length], idx -> {
            long a = 0;
            long b = 0;
            for (int i : idx) {
                a += num[i];
                b += den[i];
            }
            return b == 0 ? Double.NaN : (double) a / b;
        }, REPLICATES, seed, LEVEL);
    }

    /** Mean over k of {@code Σ num_k[idx] / Σ den_k[idx]}, with its bootstrap interval. */
    static Metric meanRatio(List<int[]> num, List<int[]> den, int n, long seed) {
        int k = num.size();
        if (k == 0) {
            return Metric.point(Double.NaN, n);
        }
        // Sample-major layout: one pass over the resampled indices sums every corruption at once.
        int[] a = new int[n * k];
        int[] b = new int[n * k];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                a[i * k + c] = num.get(c)[i];
                b[i * k + c] = den.get(c)[i];
            }
        }
        return Bootstrap.percentile(new int[n], idx -> {
            long[] sa = new long[k];
            long[] sb = new long[k];
            for (int i : idx) {
                for (int c = 0; c < k; c++) {
                    sa[c] += a[i * k + c];
                    sb[c] += b[i * k + c];
                }
            }
            double mean = 0;
            for (int c = 0; c < k; c++) {
                if (sb[c] == 0) {
                    return Double.NaN;
                }
                mean += (double) sa[c] / sb[c];
            }
            return mean / k;
        }, REPLICATES, seed, LEVEL);
    }

    private static int[] minus(int[] summed, int[] clean, int times) {
        int[] out = new int[summed.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = summed[i] - times * clean[i];
        }
        return out;
    }

    private static int[] constant(int n, int value) {
        int[] out = new int[n];
        java.util.Arrays.fill(out, value);
        return out;
    }

    /** One model's noise results: the clean condition and corruption → severity → result. */
    private static final class Records {
        private ConditionResult clean;
        private final Map<String, Map<Integer, ConditionResult>> corrupted = new LinkedHashMap<>();

        void add(ConditionResult r) {
            String c = String.valueOf(r.params().get("corruption"));
            if (NoiseSuite.CLEAN.equals(c)) {
                clean = r;
            } else {
                int s = ((Number) r.params().get("severity")).intValue();
                corrupted.computeIfAbsent(c, k -> new LinkedHashMap<>()).put(s, r);
            }
        }

        Set<String> corruptions() {
            return corrupted.keySet();
        }

        Set<Integer> severities(String c) {
            return corrupted.getOrDefault(c, Map.of()).keySet();
        }

        private List<ConditionResult> all() {
            List<ConditionResult> out = new ArrayList<>();
            if (clean != null) {
                out.add(clean);
            }
            corrupted.values().forEach(m -> out.addAll(m.values()));
            return out;
        }

        /** Sample indices present in every condition of both record sets, in first-seen order. */
        int[] commonIndices(Records other) {
            Set<Integer> common = null;
            for (ConditionResult r : concat(all(), other.all())) {
                Set<Integer> s = new LinkedHashSet<>();
                for (int i : r.samples().ints("index")) {
                    s.add(i);
                }
                if (common == null) {
                    common = s;
                } else {
                    common.retainAll(s);
                }
            }
            return common == null ? new int[0] : common.stream().mapToInt(Integer::intValue).toArray();
        }

        /** Per common sample: 1 if the condition got it wrong. */
        int[] errors(ConditionResult r, int[] common) {
            int[] index = r.samples().ints("index");
            int[] correct = r.samples().ints("correct");
            Map<Integer, Integer> at = new HashMap<>();
            for (int i = 0; i < index.length; i++) {
                at.put(index[i], i);
            }
            int[] out = new int[common.length];
            for (int i = 0; i < common.length; i++) {
                out[i] = 1 - correct[at.get(common[i])];
            }
            return out;
        }

        /** Per common sample: the number of the given severities of {@code c} that got it wrong. */
        int[] summedErrors(String c, Set<Integer> severities, int[] common) {
            int[] out = new int[common.length];
            for (int s : severities) {
                int[] e = errors(corrupted.get(c).get(s), common);
                for (int i = 0; i < out.length; i++) {
                    out[i] += e[i];
                }
            }
            return out;
        }

        private static List<ConditionResult> concat(List<ConditionResult> a, List<ConditionResult> b) {
            List<ConditionResult> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }
    }
}
