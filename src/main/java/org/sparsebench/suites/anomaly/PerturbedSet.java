package org.sparsebench.suites.anomaly;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.Condition;
import org.sparsebench.api.Model;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.suites.support.Batches;
import org.sparsebench.suites.support.PerturbingSuite;
import org.sparsebench.suites.support.Predictions;

/**
 * The run's in-distribution samples perturbed exactly as one condition of another suite of the same
 * run perturbs them (a noise suite's corruption × severity, an adversarial suite's attack × ε): the
 * anomaly suite compares each clean sample's score with its perturbed copy's. The images come from
 * {@link PerturbingSuite#perturb} batch by batch, so they equal that suite's bit for bit; for an
 * attack they depend on the model.
 */
public final class PerturbedSet {
    /** Group of these conditions in params, summaries and the report, apart from near/far OOD. */
    public static final String GROUP = "perturbed";

    private final PerturbingSuite suite;
    private final Condition condition;

    public PerturbedSet(PerturbingSuite suite, Condition condition) {
        this.suite = suite;
        this.condition = condition;
    }

    /** {@code <suite id>/<condition id>}, e.g. {@code noise/gaussian-noise/5}, {@code adversarial/pgd-linf/0.1}. */
    public String id() {
        return suite.id() + "/" + condition.id();
    }

    /** The source suite's family: {@code noise} or {@code adversarial}. */
    public String family() {
        return suite.family();
    }

    /** True for adversarial examples, whose successful subset is reported separately. */
    boolean adversarial() {
        return "adversarial".equals(suite.family());
    }

    String description() {
        return "in-distribution images perturbed as " + suite.family() + " suite '" + suite.id() + "' condition "
                + condition.id();
    }

    /** Condition params naming the source: its id, family and parameters (these also key the cache). */
    Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("source", id());
        p.put("source_family", family());
        Map<String, Object> sp = new LinkedHashMap<>(condition.params());
        sp.remove("entry"); // the adversarial suite's internal list position
        p.put("source_params", sp);
        return p;
    }

    /** Clean and perturbed predictions of the evaluated samples, and the perturbed images. */
    record Drawn(INDArray images, int[] cleanPrediction, int[] perturbedPrediction) {
    }

    /** Perturbs every evaluated sample, in {@code ctx.batchSize()} batches as the source suite does. */
    Drawn draw(Model model, SuiteContext ctx) {
        int[] indices = ctx.indices();
        int n = indices.length;
        List<INDArray> parts = new ArrayList<>();
        int[] clean = new int[n];
        int[] perturbed = new int[n];
        int at = 0;
        for (int b = 0; b < Batches.count(n, ctx.batchSize()); b++) {
            int[] idx = Batches.batch(indices, b, ctx.batchSize());
            INDArray xp = suite.perturb(model, condition, idx, ctx);
            System.arraycopy(Predictions.predict(model, ctx.data().images(idx)), 0, clean, at, idx.length);
            System.arraycopy(Predictions.predict(model, xp), 0, perturbed, at, idx.length);
            parts.add(xp);
            at += idx.length;
        }
        INDArray all = parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
        return new Drawn(all, clean, perturbed);
    }

    @Override
    public String toString() {
        return "PerturbedSet(source=" + id() + ")";
    }
}
