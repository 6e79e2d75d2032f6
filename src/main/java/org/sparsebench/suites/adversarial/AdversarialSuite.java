package org.sparsebench.suites.adversarial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Attack;
import org.sparsebench.api.Columns;
import org.sparsebench.api.Condition;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Metric;
import org.sparsebench.api.Model;
import org.sparsebench.api.Seeds;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.api.SuiteSummary;
import org.sparsebench.suites.support.AccuracyRecorder;
import org.sparsebench.suites.support.Batches;
import org.sparsebench.suites.support.PerturbingSuite;
import org.sparsebench.suites.support.Predictions;
import org.sparsebench.suites.support.SparsityProbe;
import org.sparsebench.stats.ProportionInterval;

/**
 * Robust accuracy under attacks at a grid of budgets: one condition per attack × ε, plus the
 * gradient-masking probe ({@link GradientMaskingAudit}, condition {@code audit}) when enabled. A sample
 * counts as robust when it is classified correctly both clean and attacked (RobustBench's convention).
 *
 * <p>Metrics: {@code robust_accuracy}, {@code clean_accuracy}, {@code attack_success_rate} (among
 * clean-correct samples), {@code gradient_evaluations} and {@code queries} (images per sample through
 * the model's backward and forward-only passes); minimization attacks add
 * {@code median_minimal_perturbation}; an {@link AutoAttack} ensemble adds the cumulative
 * {@code robust_accuracy@<k>-<attack>} after each of its attacks. Per-sample columns:
 * {@code perturbation} (norm of the returned example), {@code minimal_perturbation} (−1 when none
 * was found), {@code broken_at} (ensemble: 0 wrong clean, k broken by attack k, −1 robust).
 * Params carry up to {@value #EXAMPLES} example pairs (8-bit, base64) for the report.
 */
public final class AdversarialSuite implements PerturbingSuite {
    static final int EXAMPLES = 3;

    /** A configured attack with its name in the suite file and its ε grid. */
    public record Entry(String name, Attack attack, List<Double> epsilons) {
    }

    private final String id;
    private final List<Entry> entries;
    private final Map<String, Object> spec;
    private final GradientMaskingAudit.Settings audit;

    public AdversarialSuite(String id, List<Entry> entries, Map<String, Object> spec) {
        this(id, entries, spec, null);
    }

    /** {@code audit} null disables the gradient-masking probe. */
    public AdversarialSuite(String id, List<Entry> entries, Map<String, Object> spec, GradientMaskingAudit.Settings audit) {
        this.id = id;
        this.entries = List.copyOf(entries);
        this.spec = Map.copyOf(spec);
        this.audit = audit;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String family() {
        return "adversarial";
    }

    @Override
    public Map<String, Object> spec() {
        return spec;
    }

    @Override
    public List<Condition> conditions() {
        List<Condition> out = new ArrayList<>();
        for (int a = 0; a < entries.size(); a++) {
            Entry e = entries.get(a);
            for (double eps : e.epsilons()) {
                Map<String, Object> p = new LinkedHashMap<>(Map.of("attack", e.name(), "attackConfig",
                        e.attack().toString(), "norm", e.attack().norm(), "epsilon", eps, "entry", a));
                if (e.attack() instanceof AutoAttack aa) {
                    p.put("stages", aa.names());
                }
                out.add(new Condition(e.name() + "-" + e.attack().norm() + "/" + eps, p));
            }
        }
        if (audit != null) {
            out.add(new Condition(GradientMaskingAudit.CONDITION, Map.of("samples", audit.samples(), "steps",
                    audit.steps(), "epsilons", audit.epsilons())));
        }
        return out;
    }

    @Override
    public ConditionResult evaluate(Model model, Condition condition, SuiteContext ctx) {
        if (GradientMaskingAudit.CONDITION.equals(condition.id())) {
            return probe(model, condition, ctx);
        }
        long start = System.nanoTime();
        Entry entry = entries.get(((Number) condition.params().get("entry")).intValue());
        Attack attack = entry.attack();
        double eps = ((Number) condition.params().get("epsilon")).doubleValue();
        int[] indices = ctx.indices();
        int n = indices.length;
        AccuracyRecorder rec = new AccuracyRecorder(n);
        double[] perturbation = new double[n];
        double[] minimal = attack instanceof MinimizationAttack ? new double[n] : null;
        int[] brokenAt = attack instanceof AutoAttack ? new int[n] : null;
        CountingModel counted = new CountingModel(model);
        SparsityProbe sparsity = SparsityProbe.of(model);
        List<Map<String, Object>> examples = new ArrayList<>();
        int clean = 0;
        int done = 0;
        for (int b = 0; b < Batches.count(n, ctx.batchSize()); b++) {
            int[] idx = Batches.batch(indices, b, ctx.batchSize());
            int[] y = ctx.data().labels(idx);
            INDArray x = ctx.data().images(idx);
            int[] cleanPred = Predictions.predict(model, x);
            INDArray adv = attack(counted, attack, eps, condition, x, y, idx, ctx.seed(), brokenAt, minimal, done);
            int[] advPred = Predictions.predict(model, adv);
            sparsity.observe(adv);
            boolean[] cleanOk = new boolean[idx.length];
            for (int i = 0; i < idx.length; i++) {
                cleanOk[i] = cleanPred[i] == y[i];
                clean += cleanOk[i] ? 1 : 0;
            }
            double[] norms = Norms.norm(adv.sub(x), attack.norm()).toDoubleVector();
            System.arraycopy(norms, 0, perturbation, done, norms.length);
            if (b == 0) {
                examples = examples(x, adv, idx, y, cleanOk, advPred);
            }
            done += idx.length;
            rec.add(idx, y, advPred, cleanOk);
            ctx.progress().accept(idx.length);
        }
        Map<String, Metric> metrics = new LinkedHashMap<>();
        metrics.put("robust_accuracy", rec.accuracy());
        metrics.put("clean_accuracy", ProportionInterval.wilson(clean, n, AccuracyRecorder.LEVEL));
        metrics.put("attack_success_rate", ProportionInterval.wilson(clean - rec.correctCount(), clean,
                AccuracyRecorder.LEVEL));
        metrics.put("gradient_evaluations", Metric.point((double) counted.gradients() / n, n));
        metrics.put("queries", Metric.point((double) counted.queries() / n, n));
        Columns cols = rec.columns().doubles("perturbation", perturbation);
        if (minimal != null) {
            metrics.put("median_minimal_perturbation", Metric.point(medianOfCorrect(minimal, rec), n));
            // −1 marks "none found": JSON has no NaN, and results.schema.json wants numbers here.
            cols.doubles("minimal_perturbation", Arrays.stream(minimal).map(d -> Double.isNaN(d) ? -1 : d).toArray());
        }
        if (brokenAt != null) {
            List<String> names = ((AutoAttack) attack).names();
            for (int s = 1; s <= names.size(); s++) {
                int robust = 0;
                for (int v : brokenAt) {
                    robust += v == -1 || v > s ? 1 : 0;
                }
                metrics.put("robust_accuracy@" + s + "-" + names.get(s - 1),
                        ProportionInterval.wilson(robust, n, AccuracyRecorder.LEVEL));
            }
            cols.ints("broken_at", brokenAt);
        }
        Map<String, Object> params = publicParams(condition);
        params.put("examples", examples);
        return new ConditionResult(model.id(), id, family(), condition.id(), params, metrics, cols,
                (System.nanoTime() - start) / 1e9, sparsity.diagnostics());
    }

    /**
     * The adversarial examples of one batch: seeds {@code Seeds.of(runSeed, condition id, idx)}; a
     * minimization attack's result projected onto the ε-ball. Fills {@code brokenAt} (ensembles) and
     * {@code minimal} (minimization attacks) from position {@code at} when they are not null.
     */
    private static INDArray attack(Model model, Attack attack, double eps, Condition condition, INDArray x, int[] y,
            int[] idx, long runSeed, int[] brokenAt, double[] minimal, int at) {
        long[] seeds = Seeds.of(runSeed, condition.id(), idx);
        if (attack instanceof AutoAttack aa) {
            AutoAttack.Staged st = aa.stages(model, x, y, eps, seeds);
            if (brokenAt != null) {
                System.arraycopy(st.brokenAt(), 0, brokenAt, at, idx.length);
            }
            return st.adversarial();
        }
        if (attack instanceof MinimizationAttack ma) {
            MinimizationAttack.Result r = ma.minimize(model, x, y, seeds);
            if (minimal != null) {
                System.arraycopy(r.norms(), 0, minimal, at, idx.length);
            }
            return Norms.project(x, r.adversarial(), eps, attack.norm(), model.bounds());
        }
        return attack.run(model, x, y, eps, seeds);
    }

    /** Every attack × ε condition (not the gradient-masking audit). */
    @Override
    public List<Condition> perturbations() {
        return conditions().stream().filter(c -> !GradientMaskingAudit.CONDITION.equals(c.id())).toList();
    }

    /** The adversarial examples {@link #evaluate} makes for the batch {@code idx} (same attack, same seeds). */
    @Override
    public INDArray perturb(Model model, Condition condition, int[] idx, SuiteContext ctx) {
        Object entry = condition.params().get("entry");
        if (!(entry instanceof Number e) || GradientMaskingAudit.CONDITION.equals(condition.id())) {
            throw new IllegalArgumentException("no attack condition '" + condition.id() + "' in suite " + id);
        }
        Entry en = entries.get(e.intValue());
        double eps = ((Number) condition.params().get("epsilon")).doubleValue();
        return attack(model, en.attack(), eps, condition, ctx.data().images(idx), ctx.data().labels(idx), idx,
                ctx.seed(), null, null, 0);
    }

    /** Median over clean-correct samples, unfound perturbations counting as infinite (NaN if the median is). */
    private static double medianOfCorrect(double[] minimal, AccuracyRecorder rec) {
        double[] v = Arrays.stream(minimal).filter(d -> !(d == 0)).map(d -> Double.isNaN(d) ? Double.POSITIVE_INFINITY : d)
                .sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        double m = v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
        return Double.isInfinite(m) ? Double.NaN : m;
    }

    /** Up to {@link #EXAMPLES} clean/adversarial pairs, successful attacks first, as 8-bit base64. */
    private static List<Map<String, Object>> examples(INDArray x, INDArray adv, int[] idx, int[] y, boolean[] cleanOk,
            int[] advPred) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < idx.length; i++) {
            if (cleanOk[i] && advPred[i] != y[i]) {
                order.add(i);
            }
        }
        for (int i = 0; i < idx.length; i++) {
            if (!order.contains(i)) {
                order.add(i);
            }
        }
        INDArray xf = Rows.flat(x);
        INDArray af = Rows.flat(adv);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i : order.subList(0, Math.min(EXAMPLES, order.size()))) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("index", idx[i]);
            e.put("label", y[i]);
            e.put("prediction", advPred[i]);
            e.put("shape", Arrays.stream(x.shape()).skip(1).boxed().toList());
            e.put("clean", bytes(xf.getRow(i)));
            e.put("adversarial", bytes(af.getRow(i)));
            out.add(e);
        }
        return out;
    }

    private static String bytes(INDArray img) {
        float[] v = img.dup('c').data().asFloat();
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) Math.max(0, Math.min(255, Math.round(v[i] * 255)));
        }
        return Base64.getEncoder().encodeToString(b);
    }

    private ConditionResult probe(Model model, Condition condition, SuiteContext ctx) {
        long start = System.nanoTime();
        int[] all = ctx.indices();
        int m = Math.min(audit.samples(), all.length);
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            idx[i] = all[(int) ((long) i * all.length / m)]; // evenly spaced: keeps the class balance
        }
        double[] l1 = new double[m];
        int[] robust = new int[m];
        Map<String, Metric> metrics = new LinkedHashMap<>();
        int[] pred = new int[m];
        for (int b = 0; b < Batches.count(m, ctx.batchSize()); b++) {
            int from = b * ctx.batchSize();
            int[] bi = Batches.batch(idx, b, ctx.batchSize());
            INDArray x = ctx.data().images(bi);
            double[] l1b = new double[bi.length];
            int[] rb = new int[bi.length];
            Map<String, Metric> mb = GradientMaskingAudit.probe(model, x, ctx.data().labels(bi),
                    Seeds.of(ctx.seed(), condition.id(), bi), audit, l1b, rb);
            System.arraycopy(l1b, 0, l1, from, bi.length);
            System.arraycopy(rb, 0, robust, from, bi.length);
            System.arraycopy(Predictions.predict(model, x), 0, pred, from, bi.length);
            merge(metrics, mb);
        }
        ctx.progress().accept(all.length);
        Columns cols = new Columns().ints("index", idx).ints("label", ctx.data().labels(idx)).ints("prediction", pred)
                .ints("correct", robust).doubles("score", l1);
        Map<String, Object> params = new LinkedHashMap<>(condition.params());
        params.put("classes", model.numClasses());
        return new ConditionResult(model.id(), id, family(), condition.id(), params, metrics, cols, (System.nanoTime() - start) / 1e9);
    }

    /** Pools batch metrics: proportions by their counts, the logit difference by its maximum. */
    private static void merge(Map<String, Metric> into, Map<String, Metric> batch) {
        batch.forEach((k, v) -> into.merge(k, v, (a, b) -> {
            if (a.n() == 0 || b.n() == 0) { // a batch with nothing to count (e.g. no measurable gradient)
                return a.n() == 0 ? b : a;
            }
            if (!a.hasInterval()) {
                return Metric.point(Math.max(a.value(), b.value()), a.n() + b.n());
            }
            long successes = Math.round(a.value() * a.n()) + Math.round(b.value() * b.n());
            return ProportionInterval.wilson(successes, a.n() + b.n(), AccuracyRecorder.LEVEL);
        }));
    }

    /**
     * Per model: {@code audit} (one 0/1 metric {@code flag/<check>} per check, the probe's evidence,
     * and the flags' explanations in params) and, per ensemble condition, {@code ensemble/<norm>/<ε>}
     * with the cumulative robust accuracy after each attack.
     */
    @Override
    public List<SuiteSummary> summarize(List<ConditionResult> results) {
        Map<String, List<ConditionResult>> byModel = new LinkedHashMap<>();
        results.forEach(r -> byModel.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r));
        List<SuiteSummary> out = new ArrayList<>();
        for (Map.Entry<String, List<ConditionResult>> e : byModel.entrySet()) {
            for (ConditionResult r : e.getValue()) {
                if (r.params().get("stages") != null) {
                    Map<String, Metric> cum = new LinkedHashMap<>();
                    cum.put("clean_accuracy", r.metrics().get("clean_accuracy"));
                    r.metrics().forEach((k, v) -> {
                        if (k.startsWith("robust_accuracy@")) {
                            cum.put(k, v);
                        }
                    });
                    out.add(new SuiteSummary(e.getKey(), id, family(), "ensemble/" + r.params().get("norm") + "/"
                            + r.params().get("epsilon"), Map.of("condition", r.condition(), "stages",
                                    r.params().get("stages")), cum));
                }
            }
            if (audit != null) {
                out.add(auditSummary(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    private SuiteSummary auditSummary(String model, List<ConditionResult> results) {
        int classes = results.stream().filter(r -> r.params().get("classes") instanceof Number)
                .mapToInt(r -> ((Number) r.params().get("classes")).intValue()).findFirst().orElse(2);
        List<GradientMaskingAudit.Flag> flags = GradientMaskingAudit.flags(results, Math.max(classes, 2));
        Map<String, Metric> metrics = new LinkedHashMap<>();
        long n = results.isEmpty() ? 0 : results.get(0).samples().rows();
        for (String check : GradientMaskingAudit.CHECKS) {
            metrics.put("flag/" + check, Metric.point(flags.stream().anyMatch(f -> f.check().equals(check)) ? 1 : 0, n));
        }
        results.stream().filter(r -> GradientMaskingAudit.CONDITION.equals(r.condition())).findFirst()
                .ifPresent(p -> metrics.putAll(p.metrics()));
        List<Map<String, String>> explained = flags.stream()
                .map(f -> Map.of("check", f.check(), "condition", f.condition(), "evidence", f.evidence())).toList();
        return new SuiteSummary(model, id, family(), "audit", Map.of("flagged", !flags.isEmpty(), "flags", explained,
                "checks", GradientMaskingAudit.CHECKS), metrics);
    }

    private static Map<String, Object> publicParams(Condition c) {
        Map<String, Object> p = new LinkedHashMap<>(c.params());
        p.remove("entry");
        return p;
    }
}
