package org.sparsebench.suites.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparsebench.api.Columns;
import org.sparsebench.api.Condition;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Metric;
import org.sparsebench.api.Model;
import org.sparsebench.api.OodScore;
import org.sparsebench.api.Seeds;
import org.sparsebench.api.Suite;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.api.SuiteSummary;
import org.sparsebench.stats.Auroc;
import org.sparsebench.stats.OodMetrics;
import org.sparsebench.stats.OodMetrics.Convention;
import org.sparsebench.suites.support.Batches;
import org.sparsebench.suites.support.SparsityProbe;

/**
 * Out-of-distribution detection: one condition per OOD set × score. The in-distribution samples are
 * the run's samples; each OOD set contributes as many (see {@link OodSet}). Per condition: AUROC
 * with its DeLong interval, AUPR-In, AUPR-Out and FPR95 in both conventions with seeded bootstrap
 * intervals stratified by in/out. Scores are oriented as OpenOOD's: higher = more in-distribution.
 * {@link FittedScore}s are fitted once per model on the {@link FitSplit}. A score that does not
 * apply to a model ({@link ScoreNotApplicableException}) yields a skipped condition: no metrics and
 * a {@code skipped} parameter saying why.
 *
 * <p>Perturbed inputs ({@link PerturbedSet}, group {@code perturbed}): the same samples perturbed as a
 * noise or adversarial suite of the same run perturbs them, one condition per source condition ×
 * score, with the same metrics (clean = positive), a {@code prediction} column and, for adversarial
 * examples, {@code successful_examples} and {@code auroc_successful}. The perturbed images of a set
 * are made once per model and shared by its score conditions.
 *
 * <p>{@link #summarize} adds, per model, DeLong's paired test of each score against the reference
 * score on the same samples, of each model against the first model, and the mean AUROC / FPR95 over
 * the near-OOD and the far-OOD sets.
 */
public final class AnomalySuite implements Suite {
    public static final double LEVEL = 0.95;
    public static final int DEFAULT_REPLICATES = 1000;
    /** Method of {@code auroc_successful}: DeLong's interval on the successful adversarial examples only. */
    public static final String SUBSET_METHOD = "delong-successful-subset";

    private final String id;
    private final Map<String, OodSet> sets = new LinkedHashMap<>();
    private final Map<String, OodScore> scores = new LinkedHashMap<>();
    private final Map<String, PerturbedSet> perturbed = new LinkedHashMap<>();
    private final FitSplit fit;
    private final int replicates;
    private final String reference;
    private final Map<String, Object> spec;
    /** Per model instance: fitted scores and the in-distribution scores, shared by all OOD sets. */
    private final Map<Model, ModelState> states = Collections.synchronizedMap(new WeakHashMap<>());

    /** Dataset OOD sets (far-OOD), default fit split and bootstrap, the first score as reference. */
    public AnomalySuite(String id, List<String> outSets, List<OodScore> scores, Map<String, Object> spec) {
        this(id, outSets.stream().<OodSet>map(s -> new DatasetOodSet(s, OodSet.Group.FAR)).toList(), scores,
                FitSplit.defaults(), DEFAULT_REPLICATES, null, spec);
    }

    /**
     * @param replicates bootstrap replicates for the AUPR and FPR95 intervals (0: no intervals)
     * @param reference  the score other scores are compared with (DeLong), or null for the first
     */
    public AnomalySuite(String id, List<OodSet> sets, List<OodScore> scores, FitSplit fit, int replicates,
            String reference, Map<String, Object> spec) {
        this(id, sets, List.of(), scores, fit, replicates, reference, spec);
    }

    /**
     * @param perturbed the other suites' perturbed inputs to detect (clean vs perturbed copy), after the OOD sets
     */
    public AnomalySuite(String id, List<OodSet> sets, List<PerturbedSet> perturbed, List<OodScore> scores,
            FitSplit fit, int replicates, String reference, Map<String, Object> spec) {
        this.id = id;
        sets.forEach(s -> this.sets.put(s.id(), s));
        perturbed.forEach(s -> this.perturbed.put(s.id(), s));
        scores.forEach(s -> this.scores.put(s.name(), s));
        if (this.sets.isEmpty() && this.perturbed.isEmpty() || this.scores.isEmpty()) {
            throw new IllegalArgumentException("the anomaly suite needs at least one OOD set and one score");
        }
        this.fit = fit;
        this.replicates = replicates;
        this.reference = reference != null ? reference : this.scores.keySet().iterator().next();
        this.spec = Map.copyOf(spec);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String family() {
        return "anomaly";
    }

    @Override
    public Map<String, Object> spec() {
        return spec;
    }

    @Override
    public List<Condition> conditions() {
        List<Condition> out = new ArrayList<>();
        for (OodSet set : sets.values()) {
            for (String score : scores.keySet()) {
                out.add(new Condition(set.id() + "/" + score,
                        Map.of("out", set.id(), "score", score, "group", set.group().id())));
            }
        }
        for (PerturbedSet set : perturbed.values()) {
            for (String score : scores.keySet()) {
                Map<String, Object> p = new LinkedHashMap<>(Map.of("out", set.id(), "score", score, "group",
                        PerturbedSet.GROUP));
                p.putAll(set.params());
                out.add(new Condition(set.id() + "/" + score, p));
            }
        }
        return out;
    }

    @Override
    public ConditionResult evaluate(Model model, Condition condition, SuiteContext ctx) {
        long start = System.nanoTime();
        OodSet set = sets.get((String) condition.params().get("out"));
        PerturbedSet pert = perturbed.get((String) condition.params().get("out"));
        String scoreName = (String) condition.params().get("score");
        Map<String, Object> params = new LinkedHashMap<>(condition.params());
        params.put("out_description", set != null ? set.description() : pert.description());
        params.put("score_config", config(scores.get(scoreName)));
        int[] in = ctx.indices();
        ModelState state = states.computeIfAbsent(model, m -> new ModelState());
        int[] progressed = {0};
        SuiteContext counted = new SuiteContext(ctx.data(), in, ctx.seed(), ctx.batchSize(), ctx.datasets(), k -> {
            progressed[0] += k;
            ctx.progress().accept(k);
        }, ctx.memo());
        double[] inScores;
        double[] outScores;
        OodSet.Drawn out;
        PerturbedSet.Drawn changed = null;
        try {
            OodScore score = state.prepared(model, scores.get(scoreName), ctx, fit, params);
            double[] cached = state.inScores(scoreName, ctx);
            if (cached != null) {
                inScores = cached;
                counted.progress().accept(in.length);
            } else {
                inScores = scoreAll(model, score, (from, to) -> ctx.data().images(Arrays.copyOfRange(in, from, to)),
                        in.length, counted);
                state.putInScores(scoreName, ctx, inScores);
            }
            if (pert != null) {
                changed = state.perturbed(pert, model, ctx);
                INDArray images = changed.images();
                out = new OodSet.Drawn(in.clone(), ctx.data().labels(in),
                        (from, to) -> images.get(NDArrayIndex.interval(from, to)).dup());
            } else {
                out = set.draw(ctx, in.length);
            }
            outScores = scoreAll(model, score, out.images(), out.size(), counted);
        } catch (ScoreNotApplicableException e) {
            ctx.progress().accept(Math.max(0, 2 * in.length - progressed[0]));
            params.put("skipped", e.getMessage());
            return new ConditionResult(model.id(), id, family(), condition.id(), params, Map.of(), new Columns(),
                    (System.nanoTime() - start) / 1e9);
        }
        params.put("fpr95_in_positive", Convention.IN_POSITIVE.description());
        params.put("fpr95_ood_positive", Convention.OOD_POSITIVE.description());
        Map<String, Metric> metrics = metrics(inScores, outScores, ctx.seed());

        int n = in.length + out.size();
        int[] index = new int[n];
        int[] ood = new int[n];
        int[] label = new int[n];
        double[] s = new double[n];
        Dataset data = ctx.data();
        for (int i = 0; i < in.length; i++) {
            index[i] = in[i];
            label[i] = data.label(in[i]);
            s[i] = inScores[i];
        }
        for (int j = 0; j < out.size(); j++) {
            index[in.length + j] = out.index()[j];
            ood[in.length + j] = 1;
            label[in.length + j] = out.label()[j];
            s[in.length + j] = outScores[j];
        }
        Columns cols = new Columns().ints("index", index).ints("ood", ood).ints("label", label).doubles("score", s);
        if (changed != null) {
            perturbedColumnsAndMetrics(pert, changed, label, inScores, outScores, cols, metrics, params);
        }
        // Sparsity of the coding layers on this condition's out-of-distribution (or perturbed) images.
        SparsityProbe probe = SparsityProbe.of(model);
        if (out.size() > 0) {
            probe.observe(out.images().get(0, Math.min(SparsityProbe.DEFAULT_CAP, out.size())));
        }
        return new ConditionResult(model.id(), id, family(), condition.id(), params, metrics, cols,
                (System.nanoTime() - start) / 1e9, probe.diagnostics());
    }

    /**
     * Per row the model's prediction (clean rows: of the clean image, perturbed rows: of the perturbed
     * copy); for adversarial examples also {@code successful_examples} (clean correct, now misclassified:
     * the adversarial suite's successful attacks) and {@code auroc_successful}, the AUROC on those samples
     * only (clean vs their adversarial copies), as the adversarial-detection literature reports it.
     */
    private static void perturbedColumnsAndMetrics(PerturbedSet set, PerturbedSet.Drawn d, int[] label,
            double[] in, double[] out, Columns cols, Map<String, Metric> metrics, Map<String, Object> params) {
        int n = in.length;
        int[] prediction = new int[2 * n];
        System.arraycopy(d.cleanPrediction(), 0, prediction, 0, n);
        System.arraycopy(d.perturbedPrediction(), 0, prediction, n, n);
        cols.ints("prediction", prediction);
        if (!set.adversarial()) {
            return;
        }
        List<Integer> hit = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (d.cleanPrediction()[i] == label[i] && d.perturbedPrediction()[i] != label[i]) {
                hit.add(i);
            }
        }
        metrics.put("successful_examples", Metric.point(hit.size(), n));
        if (hit.size() >= 2) {
            double[] a = hit.stream().mapToDouble(i -> in[i]).toArray();
            double[] b = hit.stream().mapToDouble(i -> out[i]).toArray();
            Metric m = Auroc.delong(a, b, LEVEL);
            // Its own method name: `compare` recomputes a "delong" AUROC from all rows, which is not this subset.
            metrics.put("auroc_successful", new Metric(m.value(), m.lower(), m.upper(), m.level(), SUBSET_METHOD, m.n()));
        } else {
            params.put("auroc_successful", "not computed: " + hit.size() + " successful adversarial examples");
        }
    }

    /** AUROC (DeLong), AUPR-In/Out and FPR95 in both conventions (bootstrap, stratified by in/out). */
    Map<String, Metric> metrics(double[] in, double[] out, long runSeed) {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        metrics.put("auroc", Auroc.delong(in, out, LEVEL));
        OodMetrics om = new OodMetrics(in, out);
        long n = (long) in.length + out.length;
        // One seed for every condition: equal-sized conditions see the same resamples (paired intervals).
        long seed = Seeds.of(runSeed, "anomaly-bootstrap", 0);
        if (replicates > 0) {
            OodMetrics.Intervals ci = om.intervals(replicates, seed, LEVEL); // one set of resamples for all four
            metrics.put("aupr_in", ci.auprIn());
            metrics.put("aupr_out", ci.auprOut());
            metrics.put("fpr95_in_positive", ci.fpr95InPositive());
            metrics.put("fpr95_ood_positive", ci.fpr95OodPositive());
        } else {
            metrics.put("aupr_in", Metric.point(om.auprIn(), n));
            metrics.put("aupr_out", Metric.point(om.auprOut(), n));
            metrics.put("fpr95_in_positive", Metric.point(om.fpr95(Convention.IN_POSITIVE), n));
            metrics.put("fpr95_ood_positive", Metric.point(om.fpr95(Convention.OOD_POSITIVE), n));
        }
        return metrics;
    }

    @Override
    public List<SuiteSummary> summarize(List<ConditionResult> results) {
        return AnomalySummaries.of(id, family(), reference, results);
    }

    /** {@code Name(k=v, …)}; for a plugin without its own toString, its class name (never an identity hash). */
    static String config(OodScore score) {
        String s = score.toString();
        String identity = score.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(score));
        return s.equals(identity) || s.equals(score.getClass().getName() + "@" + Integer.toHexString(score.hashCode()))
                ? score.getClass().getSimpleName() + "()" : s;
    }

    private static double[] scoreAll(Model model, OodScore score, OodSet.Images images, int n, SuiteContext ctx) {
        double[] out = new double[n];
        int batch = ctx.batchSize();
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            double[] s = score.score(model, images.get(from, to));
            if (s.length != to - from) {
                throw new IllegalStateException(score.name() + " returned " + s.length + " scores for " + (to - from)
                        + " images");
            }
            System.arraycopy(s, 0, out, from, s.length);
            ctx.progress().accept(to - from);
        }
        return out;
    }

    /** What one model's conditions share: fitted scores and in-distribution scores per score name. */
    private static final class ModelState {
        private final Map<String, OodScore> fitted = new LinkedHashMap<>();
        private final Map<String, String> fitInfo = new LinkedHashMap<>();
        private final Map<String, double[]> inScores = new LinkedHashMap<>();
        private List<Object> inKey;
        /** The last perturbed set drawn (its conditions are consecutive, one per score), with its key. */
        private PerturbedSet.Drawn lastPerturbed;
        private List<Object> perturbedKey;

        /** The perturbed images and predictions of {@code set}, drawn once for all scores of the set. */
        synchronized PerturbedSet.Drawn perturbed(PerturbedSet set, Model model, SuiteContext ctx) {
            List<Object> k = List.of(set.id(), key(ctx), ctx.batchSize());
            if (!k.equals(perturbedKey)) {
                lastPerturbed = null; // free the previous set's images first
                lastPerturbed = set.draw(model, ctx);
                perturbedKey = k;
            }
            return lastPerturbed;
        }

        synchronized OodScore prepared(Model model, OodScore score, SuiteContext ctx, FitSplit fit,
                Map<String, Object> params) {
            if (!(score instanceof FittedScore f)) {
                return score;
            }
            if (!fitted.containsKey(score.name())) {
                int[] idx = fit.indices(ctx);
                fitted.put(score.name(), f.fit(model, fit.dataset(ctx), idx, ctx.batchSize()));
                fitInfo.put(score.name(), fit.describe(ctx, idx.length));
            }
            params.put("fit", fitInfo.get(score.name()));
            return fitted.get(score.name());
        }

        /** The cached in-distribution scores for this context's samples, or null. */
        synchronized double[] inScores(String score, SuiteContext ctx) {
            return sameSamples(ctx) ? inScores.get(score) : null;
        }

        synchronized void putInScores(String score, SuiteContext ctx, double[] s) {
            if (!sameSamples(ctx)) {
                inScores.clear();
                inKey = key(ctx);
            }
            inScores.put(score, s);
        }

        private boolean sameSamples(SuiteContext ctx) {
            return inKey != null && inKey.equals(key(ctx));
        }

        private static List<Object> key(SuiteContext ctx) {
            return List.of(ctx.data().id(), ctx.data().sha256(), ctx.seed(), Arrays.hashCode(ctx.indices()),
                    ctx.indices().length);
        }
    }
}
