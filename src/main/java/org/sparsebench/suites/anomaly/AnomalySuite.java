package org.sparsebench.suites.anomaly;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparsebench.api.Columns;
import org.sparsebench.api.Condition;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Metric;
import org.sparsebench.api.Model;
import org.sparsebench.api.OodScore;
import org.sparsebench.api.Suite;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.data.StratifiedSampler;
import org.sparsebench.stats.Auroc;
import org.sparsebench.suites.support.Batches;

/**
 * Out-of-distribution detection: one condition per out-set × score. The in-distribution samples are
 * the run's samples; the out-set contributes as many samples (stratified by its labels, seeded), so
 * AUROC is measured on balanced sets. Positives are in-distribution (OpenOOD's convention).
 */
public final class AnomalySuite implements Suite {
    private final String id;
    private final List<String> outSets;
    private final Map<String, OodScore> scores;
    private final Map<String, Object> spec;

    public AnomalySuite(String id, List<String> outSets, List<OodScore> scores, Map<String, Object> spec) {
        this.id = id;
        this.outSets = List.copyOf(outSets);
        this.scores = new LinkedHashMap<>();
        scores.forEach(s -> this.scores.put(s.name(), s));
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
        for (String set : outSets) {
            for (String score : scores.keySet()) {
                out.add(new Condition(set + "/" + score, Map.of("out", set, "score", score)));
            }
        }
        return out;
    }

    @Override
    public ConditionResult evaluate(Model model, Condition condition, SuiteContext ctx) {
        long start = System.nanoTime();
        OodScore score = scores.get((String) condition.params().get("score"));
        String setId = (String) condition.params().get("out");
        Dataset out = ctx.datasets().resolve(setId);
        if (!out.shape().equals(ctx.data().shape())) {
            throw new ConfigException(id + ": out-of-distribution set '" + setId + "' has images of " + out.shape()
                    + ", the in-distribution data " + ctx.data().shape());
        }
        int[] in = ctx.indices();
        int[] outIdx = StratifiedSampler.sample(out, Math.min(in.length, out.size()), ctx.seed());
        double[] inScores = scoreAll(model, score, ctx.data(), in, ctx);
        double[] outScores = scoreAll(model, score, out, outIdx, ctx);

        Map<String, Metric> metrics = new LinkedHashMap<>();
        metrics.put("auroc", Auroc.delong(inScores, outScores, 0.95));
        metrics.put("fpr_at_95tpr", Metric.point(Auroc.fprAtTpr(inScores, outScores, 0.95),
                (long) in.length + outIdx.length));

        int n = in.length + outIdx.length;
        int[] index = new int[n];
        int[] ood = new int[n];
        int[] label = new int[n];
        double[] s = new double[n];
        for (int i = 0; i < in.length; i++) {
            index[i] = in[i];
            label[i] = ctx.data().label(in[i]);
            s[i] = inScores[i];
        }
        for (int j = 0; j < outIdx.length; j++) {
            index[in.length + j] = outIdx[j];
            ood[in.length + j] = 1;
            label[in.length + j] = out.label(outIdx[j]);
            s[in.length + j] = outScores[j];
        }
        Columns cols = new Columns().ints("index", index).ints("ood", ood).ints("label", label).doubles("score", s);
        return new ConditionResult(model.id(), id, family(), condition.id(), condition.params(), metrics, cols,
                (System.nanoTime() - start) / 1e9);
    }

    private static double[] scoreAll(Model model, OodScore score, Dataset data, int[] indices, SuiteContext ctx) {
        double[] out = new double[indices.length];
        int done = 0;
        for (int b = 0; b < Batches.count(indices.length, ctx.batchSize()); b++) {
            int[] idx = Batches.batch(indices, b, ctx.batchSize());
            double[] s = score.score(model, data.images(idx));
            System.arraycopy(s, 0, out, done, s.length);
            done += s.length;
            ctx.progress().accept(idx.length);
        }
        return out;
    }
}
