package org.sparsebench.suites.adversarial;

import java.util.ArrayList;
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
import org.sparsebench.api.Suite;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.suites.support.AccuracyRecorder;
import org.sparsebench.suites.support.Batches;
import org.sparsebench.suites.support.Predictions;
import org.sparsebench.stats.ProportionInterval;

/**
 * Robust accuracy under attacks at a grid of budgets: one condition per attack × ε. A sample counts
 * as robust when it is classified correctly both clean and attacked (RobustBench's convention).
 */
public final class AdversarialSuite implements Suite {

    /** A configured attack with its name in the suite file and its ε grid. */
    public record Entry(String name, Attack attack, List<Double> epsilons) {
    }

    private final String id;
    private final List<Entry> entries;
    private final Map<String, Object> spec;

    public AdversarialSuite(String id, List<Entry> entries, Map<String, Object> spec) {
        this.id = id;
        this.entries = List.copyOf(entries);
        this.spec = Map.copyOf(spec);
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
                out.add(new Condition(e.name() + "-" + e.attack().norm() + "/" + eps, Map.of("attack", e.name(),
                        "attackConfig", e.attack().toString(), "norm", e.attack().norm(), "epsilon", eps, "entry", a)));
            }
        }
        return out;
    }

    @Override
    public ConditionResult evaluate(Model model, Condition condition, SuiteContext ctx) {
        long start = System.nanoTime();
        Entry entry = entries.get(((Number) condition.params().get("entry")).intValue());
        double eps = ((Number) condition.params().get("epsilon")).doubleValue();
        int[] indices = ctx.indices();
        AccuracyRecorder rec = new AccuracyRecorder(indices.length);
        double[] perturbation = new double[indices.length];
        int clean = 0;
        int done = 0;
        for (int b = 0; b < Batches.count(indices.length, ctx.batchSize()); b++) {
            int[] idx = Batches.batch(indices, b, ctx.batchSize());
            int[] y = ctx.data().labels(idx);
            INDArray x = ctx.data().images(idx);
            int[] cleanPred = Predictions.predict(model, x);
            INDArray adv = entry.attack().run(model, x, y, eps, Seeds.of(ctx.seed(), condition.id(), idx));
            int[] advPred = Predictions.predict(model, adv);
            boolean[] cleanOk = new boolean[idx.length];
            for (int i = 0; i < idx.length; i++) {
                cleanOk[i] = cleanPred[i] == y[i];
                clean += cleanOk[i] ? 1 : 0;
            }
            double[] norms = Norms.norm(adv.sub(x), entry.attack().norm()).toDoubleVector();
            System.arraycopy(norms, 0, perturbation, done, norms.length);
            done += idx.length;
            rec.add(idx, y, advPred, cleanOk);
            ctx.progress().accept(idx.length);
        }
        Map<String, Metric> metrics = new LinkedHashMap<>();
        Metric robust = rec.accuracy();
        metrics.put("robust_accuracy", robust);
        metrics.put("clean_accuracy", ProportionInterval.wilson(clean, indices.length, AccuracyRecorder.LEVEL));
        // Success rate among the samples that were correct to begin with.
        metrics.put("attack_success_rate", ProportionInterval.wilson(clean - rec.correctCount(), clean,
                AccuracyRecorder.LEVEL));
        Columns cols = rec.columns().doubles("perturbation", perturbation);
        return new ConditionResult(model.id(), id, family(), condition.id(), publicParams(condition), metrics, cols,
                (System.nanoTime() - start) / 1e9);
    }

    private static Map<String, Object> publicParams(Condition c) {
        Map<String, Object> p = new LinkedHashMap<>(c.params());
        p.remove("entry");
        return p;
    }
}
