package org.sparsebench.suites.noise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Condition;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Corruption;
import org.sparsebench.api.Metric;
import org.sparsebench.api.Model;
import org.sparsebench.api.Seeds;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.api.SuiteSummary;
import org.sparsebench.suites.support.AccuracyRecorder;
import org.sparsebench.suites.support.BatchKey;
import org.sparsebench.suites.support.Batches;
import org.sparsebench.suites.support.PerturbingSuite;
import org.sparsebench.suites.support.Predictions;
import org.sparsebench.suites.support.SparsityProbe;

/**
 * Accuracy under natural corruptions: a {@code clean} condition plus one condition per
 * corruption × severity. Images are corrupted batch by batch; nothing perturbed is kept. Across
 * conditions, {@link #summarize} gives each model's CE per corruption, mCE and relative mCE against
 * the {@link #baseline()} model ({@link CorruptionErrors}).
 */
public final class NoiseSuite implements PerturbingSuite {
    static final String CLEAN = "clean";
    /** The model CE and mCE are normalized by unless the suite file names another. */
    public static final String DEFAULT_BASELINE = "relu-cnn";

    private final String id;
    private final Map<String, Corruption> corruptions;
    private final List<Integer> severities;
    private final Map<String, Object> spec;
    private final String baseline;

    public NoiseSuite(String id, List<Corruption> corruptions, List<Integer> severities, Map<String, Object> spec) {
        this(id, corruptions, severities, DEFAULT_BASELINE, spec);
    }

    /** @param baseline id of the model that CE and mCE are normalized by */
    public NoiseSuite(String id, List<Corruption> corruptions, List<Integer> severities, String baseline,
            Map<String, Object> spec) {
        this.id = id;
        this.baseline = baseline;
        this.corruptions = new LinkedHashMap<>();
        corruptions.forEach(c -> this.corruptions.put(c.name(), c));
        this.severities = List.copyOf(severities);
        this.spec = Map.copyOf(spec);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String family() {
        return "noise";
    }

    /** The model CE and mCE are normalized by. */
    public String baseline() {
        return baseline;
    }

    @Override
    public Map<String, Object> spec() {
        return spec;
    }

    @Override
    public List<Condition> conditions() {
        List<Condition> out = new ArrayList<>();
        out.add(new Condition(CLEAN, Map.of("corruption", CLEAN, "severity", 0)));
        for (Corruption c : corruptions.values()) {
            for (int s : severities) {
                out.add(new Condition(c.name() + "/" + s, Map.of("corruption", c.name(), "severity", s,
                        "parameter", c.severityParameters()[s - 1],
                        "group", c instanceof ImageCorruption ic ? ic.group() : "other")));
            }
        }
        return out;
    }

    @Override
    public ConditionResult evaluate(Model model, Condition condition, SuiteContext ctx) {
        long start = System.nanoTime();
        String name = (String) condition.params().get("corruption");
        int severity = ((Number) condition.params().get("severity")).intValue();
        Corruption corruption = CLEAN.equals(name) ? null : corruptions.get(name);
        int[] indices = ctx.indices();
        AccuracyRecorder rec = new AccuracyRecorder(indices.length);
        SparsityProbe probe = SparsityProbe.of(model);
        for (int b = 0; b < Batches.count(indices.length, ctx.batchSize()); b++) {
            int[] idx = Batches.batch(indices, b, ctx.batchSize());
            INDArray x = corruption == null ? ctx.data().images(idx) : corrupt(corruption, severity, idx, ctx);
            rec.add(idx, ctx.data().labels(idx), Predictions.predict(model, x), null);
            probe.observe(x);
            ctx.progress().accept(idx.length);
        }
        Map<String, Metric> metrics = new LinkedHashMap<>();
        Metric acc = rec.accuracy();
        metrics.put("accuracy", acc);
        metrics.put("error", new Metric(1 - acc.value(), 1 - acc.upper(), 1 - acc.lower(), acc.level(), acc.method(),
                acc.n()));
        return new ConditionResult(model.id(), id, family(), condition.id(), condition.params(), metrics, rec.columns(),
                (System.nanoTime() - start) / 1e9, probe.diagnostics());
    }

    /** Every corruption × severity condition (not {@code clean}). */
    @Override
    public List<Condition> perturbations() {
        return conditions().stream().filter(c -> !CLEAN.equals(c.params().get("corruption"))).toList();
    }

    @Override
    public INDArray perturb(Model model, Condition condition, int[] idx, SuiteContext ctx) {
        String name = (String) condition.params().get("corruption");
        Corruption corruption = corruptions.get(name);
        if (corruption == null) {
            throw new IllegalArgumentException("no corruption condition '" + condition.id() + "' in suite " + id);
        }
        return corrupt(corruption, ((Number) condition.params().get("severity")).intValue(), idx, ctx);
    }

    private static INDArray corrupt(Corruption corruption, int severity, int[] idx, SuiteContext ctx) {
        // One stream per (corruption, severity, sample): independent of batching and sharding. A pure
        // function of the key's parts, so the run's later models reuse the first one's batches.
        return ctx.memo().get(BatchKey.of(idx, "corrupt", corruption, severity, ctx.seed(), ctx.data()),
                () -> corruption.apply(ctx.data().images(idx), severity,
                        Seeds.of(ctx.seed(), corruption.name() + "/" + severity, idx)));
    }

    @Override
    public List<SuiteSummary> summarize(List<ConditionResult> results) {
        return CorruptionErrors.summarize(id, baseline, results);
    }
}
