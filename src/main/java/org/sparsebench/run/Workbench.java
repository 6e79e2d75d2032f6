package org.sparsebench.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.sparsebench.api.BatchMemo;
import org.sparsebench.api.Condition;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Model;
import org.sparsebench.api.ModelProvider;
import org.sparsebench.api.Suite;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.data.Datasets;
import org.sparsebench.data.StratifiedSampler;
import org.sparsebench.suites.support.LruBatchMemo;
import org.sparsebench.suites.support.NonFiniteOutputException;

/**
 * A run's plugins, suites, data and sample indices rebuilt from its {@link RunInputs}, and the one
 * model loaded at a time: what evaluates {@link WorkUnit}s, in the driver ({@code local} engine) or
 * on a worker of a distributed engine. Opening it repeats the driver's resolution exactly (same
 * suite bytes, overrides, stratified sample), so a unit evaluates to the same result anywhere.
 * Evaluate the units of one model together: switching models closes the previous one. The driver's
 * plan hands it the models it loaded ({@link #adopt}), so a local run loads each model once. Models
 * are not thread-safe: {@link #run} uses the workbench's own {@link Lane}; an
 * engine that evaluates units on several threads gives each thread its own {@link #lane()} (one model
 * loaded per lane; the suites, data, memo and timings are shared and thread-safe).
 */
public final class Workbench implements AutoCloseable {
    private final RunInputs inputs;
    private final PluginRegistry plugins;
    private final RunSpec spec;
    private final Datasets datasets;
    private final Dataset data;
    private final int[] indices;
    private final Path modelsDir;
    private final Map<String, ModelProvider> providers;
    private final PhaseTimes times = new PhaseTimes();
    /** Model-independent batches (corruptions, generated OOD images) shared by the run's models. */
    private final BatchMemo memo = LruBatchMemo.forRun();
    /** Models the driver's plan loaded and checked, kept for their units so they are not loaded twice. */
    private final Map<String, Model> adopted = new LinkedHashMap<>();
    /** The lane of {@link #run}. */
    private final Lane lane = new Lane();

    private Workbench(RunInputs inputs) {
        RunRequest req = inputs.request();
        this.inputs = inputs;
        this.plugins = PluginRegistry.load(req.pluginPaths().stream().map(Path::of).toList());
        this.spec = SuiteFile.read(inputs.suiteBytes(), req.suiteFile(), plugins)
                .withOverrides(req.seed(), req.limit(), req.models(), req.batch());
        this.datasets = new Datasets(Path.of(req.dataDir()), Path.of(req.trainDir()));
        this.data = datasets.open(spec.data());
        this.indices = spec.limit() > 0 && spec.limit() < data.size()
                ? StratifiedSampler.sample(data, spec.limit(), spec.seed())
                : IntStream.range(0, data.size()).toArray();
        this.modelsDir = Path.of(req.modelsDir());
        this.providers = new LinkedHashMap<>();
        for (ModelProvider p : plugins.all(ModelProvider.class)) {
            for (String id : p.models(modelsDir).keySet()) {
                providers.putIfAbsent(id, p);
            }
        }
    }

    /** Resolves everything but the models; throws {@link ConfigException} for bad input. */
    public static Workbench open(RunInputs inputs) {
        return new Workbench(inputs);
    }

    /**
     * Evaluates one unit. A model that returns non-finite output fails only this unit; any other
     * exception propagates (a bug, or an environment problem an engine may retry).
     *
     * @param progress called with the number of samples just finished
     */
    public WorkResult run(WorkUnit unit, IntConsumer progress) {
        return lane.evaluate(unit, progress).get();
    }

    /** A new lane: evaluates units with its own loaded model; close it when done. */
    Lane lane() {
        return new Lane();
    }

    /**
     * One model loaded at a time, for one thread: evaluating a unit of another model closes the current one
     * and takes that model from the plan's adopted ones, else loads it.
     */
    final class Lane implements AutoCloseable {
        private String modelId;
        private Model model;

        /**
         * Evaluates one unit like {@link Workbench#run} with this lane's model and returns how to encode its outcome
         * as a {@link WorkResult}, which the local engine does on another thread while the lane goes on.
         */
        java.util.function.Supplier<WorkResult> evaluate(WorkUnit unit, IntConsumer progress) {
            Suite suite = spec.suites().stream().filter(s -> s.id().equals(unit.suite())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no suite '" + unit.suite() + "' in the run"));
            Condition condition = suite.conditions().stream().filter(c -> c.id().equals(unit.condition())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no condition '" + unit.where() + "' in the run"));
            SuiteContext ctx = new SuiteContext(data, indices, spec.seed(), spec.batch(), datasets::open, progress,
                    memo);
            Model m = model(unit.model());
            long started = System.nanoTime();
            try {
                org.sparsebench.api.ConditionResult result = suite.evaluate(m, condition, ctx);
                return () -> WorkResult.of(unit.key(), result);
            } catch (NonFiniteOutputException e) {
                WorkResult failed = WorkResult.failed(unit.key(), e.getMessage());
                return () -> failed;
            } finally {
                times.addUnit(System.nanoTime() - started);
            }
        }

        private Model model(String id) {
            if (!id.equals(modelId)) {
                close();
                Model loaded = takeAdopted(id);
                if (loaded == null) {
                    ModelProvider provider = providers.get(id);
                    if (provider == null) {
                        throw ConfigException.model(modelsDir + ": model '" + id + "' not found");
                    }
                    loaded = provider.load(id, modelsDir);
                }
                model = times.timed(loaded);
                modelId = id;
            }
            return model;
        }

        /** Closes this lane's model, if any. */
        @Override
        public void close() {
            if (model != null) {
                Model m = model;
                model = null;
                modelId = null;
                m.close();
            }
        }
    }

    /** Time spent in this workbench's model calls and unit evaluations so far. */
    PhaseTimes times() {
        return times;
    }

    RunInputs inputs() {
        return inputs;
    }

    PluginRegistry plugins() {
        return plugins;
    }

    RunSpec spec() {
        return spec;
    }

    Datasets datasets() {
        return datasets;
    }

    Dataset data() {
        return data;
    }

    int[] indices() {
        return indices;
    }

    Path modelsDir() {
        return modelsDir;
    }

    /** Model id to the provider that serves it, in discovery order. */
    Map<String, ModelProvider> providers() {
        return providers;
    }

    /**
     * Keeps {@code loaded}, a model the caller loaded from this workbench's provider for {@code id}, for
     * the first unit of {@code id}, which then does not load it again; the workbench owns it from now on
     * and closes it when it switches away from it, or in {@link #close} if no unit ever used it.
     */
    synchronized void adopt(String id, Model loaded) {
        Model previous = adopted.put(id, loaded);
        if (previous != null && previous != loaded) {
            previous.close();
        }
    }

    /** Closes the adopted models whose id is not in {@code keep} (no unit of theirs is left to evaluate). */
    synchronized void retainAdopted(java.util.Set<String> keep) {
        for (java.util.Iterator<Map.Entry<String, Model>> it = adopted.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Model> e = it.next();
            if (!keep.contains(e.getKey())) {
                it.remove();
                e.getValue().close();
            }
        }
    }

    /** The model the plan loaded for {@code id}, now owned by the caller, or null. */
    private synchronized Model takeAdopted(String id) {
        return adopted.remove(id);
    }

    /** Closes the loaded model and any adopted one no unit used. */
    @Override
    public void close() {
        lane.close();
        retainAdopted(java.util.Set.of());
    }
}
