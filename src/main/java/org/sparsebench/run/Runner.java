package org.sparsebench.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Condition;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.GateVerdicts;
import org.sparsebench.api.Model;
import org.sparsebench.api.ModelProvider;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.Reporter;
import org.sparsebench.api.RunResults;
import org.sparsebench.api.Suggest;
import org.sparsebench.api.Suite;
import org.sparsebench.api.SuiteSummary;
import org.sparsebench.models.CheckpointModelProvider;
import org.sparsebench.sparse.SparseDiagnostics;

/**
 * The one orchestrator. It validates everything a run needs before it writes anything (suite file,
 * data, models), then plans every model × suite × condition as a {@link WorkUnit}, hands those not
 * yet done to the {@link Engine} chosen with {@code --engine} (default {@link LocalEngine}), and
 * checkpoints each as it finishes in {@code reports/.incomplete-<id>/} and reusing checkpoints (after a crash, {@code --resume}) and
 * cached results of identical inputs. Results are assembled in canonical order whatever the engine,
 * so the engine never changes results.json outside its {@code execution} record. Only a complete run is published as {@code reports/<id>/} and
 * becomes {@code reports/latest}; a run stopped by {@code --max-minutes} writes a partial
 * results.json into its unfinished folder and can be resumed.
 */
public final class Runner {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final RunOptions options;
    private final PrintStream log;
    private final GateCheck gate;

    public Runner(RunOptions options, PrintStream log) {
        this(options, log, null);
    }

    /** A run checked by a regression gate ({@code run --gate --baseline}); {@code gate} may be null. */
    public Runner(RunOptions options, PrintStream log, GateCheck gate) {
        this.options = options;
        this.log = log;
        this.gate = gate;
    }

    /**
     * Outcome of a run.
     *
     * @param runDir   the published folder, or the unfinished one when {@code partial}
     * @param failures conditions that failed (non-finite model output)
     * @param partial  stopped by the time budget; resume with the run id
     * @param gate     the gate's verdicts, or null without a gate or on a partial run
     */
    public record Outcome(Path runDir, RunResults results, List<Map<String, Object>> failures, boolean partial,
            GateVerdicts gate) {
    }

    /** Everything resolved and validated before the first condition runs. */
    private record Plan(RunRequest request, Workbench workbench, Engine engine, List<String> modelIds,
            Map<String, String> fingerprints, Map<String, Object> diagnostics) {
    }

    /** Clean samples (the run's first ones) on which each model's sparse diagnostics are computed. */
    static final int DIAGNOSTIC_SAMPLES = 256;
    /** At most this many models are loaded and checked at once in the plan. */
    static final int PLAN_THREADS = 2;

    public Outcome run() throws IOException {
        long started = System.nanoTime();
        Threads.apply(options.threads());
        startNd4j();
        RunState resumed = options.resume() != null ? RunState.open(options.reportsDir(), options.resume()) : null;
        try (Workbench workbench = open(resumed)) {
            Plan plan = plan(workbench);
            RunState state = resumed != null ? resumed
                    : RunState.create(options.reportsDir(), plan.request(), workbench.inputs().suiteBytes());
            String runId = plan.request().runId();
            Thread hook = new Thread(() -> log.println("\nsparsebench: interrupted; finished conditions are saved."
                    + " Resume with: ./sparsebench run --resume " + runId));
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return execute(plan, state, resumed != null, started);
            } catch (ConfigException e) {
                throw new ConfigException(e.kind(), e.getMessage() + " (finished conditions are saved; after fixing it,"
                        + " resume with --resume " + runId + ")", e);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down: let the hook print its hint
                }
            }
        }
    }

    /**
     * Starts ND4J (loading libnd4j and oneDNN, about two seconds) on a daemon thread, so that it overlaps
     * resolving the suite file, plugins and data, which do not use it; the plan's first model load then
     * finds it ready (or waits for it: class initialization is once, under the JVM's lock). An error is
     * left to surface where the run first uses ND4J.
     */
    private static void startNd4j() {
        Thread t = new Thread(() -> {
            try {
                org.nd4j.linalg.factory.Nd4j.scalar(0f);
            } catch (Throwable e) {
                // the main thread meets it again, with its own message
            }
        }, "sparsebench-nd4j-start");
        t.setDaemon(true);
        t.start();
    }

    /** Resolves the suite file, plugins, data and sample indices of a new or resumed run. */
    private Workbench open(RunState resumed) {
        if (resumed != null) {
            return Workbench.open(new RunInputs(resumed.request(), readSuite(resumed.suiteCopy())));
        }
        String runId = RUN_ID.format(Instant.now());
        RunRequest req = new RunRequest(runId, Instant.now().toString(), options.suiteFile().toString(), options.seed(),
                options.limit(), options.models(), options.batch(), str(options.modelsDir()), str(options.dataDir()),
                str(options.trainDir()), options.pluginPaths().stream().map(Path::toString).toList());
        return Workbench.open(new RunInputs(req, readSuite(options.suiteFile())));
    }

    private Plan plan(Workbench wb) {
        Engine engine = Engines.find(options.engine() == null ? LocalEngine.NAME : options.engine(),
                wb.plugins().loader());
        Map<String, ModelProvider> providers = wb.providers();
        List<String> modelIds = wb.spec().models().isEmpty() ? List.copyOf(providers.keySet()) : wb.spec().models();
        if (modelIds.isEmpty()) {
            throw ConfigException.model(wb.modelsDir() + ": no models found");
        }
        for (String id : modelIds) {
            checkModelId(id, providers, wb.modelsDir());
        }
        Map<String, String> fingerprints = new LinkedHashMap<>();
        Map<String, Object> diagnostics = new LinkedHashMap<>();
        int[] probe = java.util.Arrays.copyOf(wb.indices(), Math.min(DIAGNOSTIC_SAMPLES, wb.indices().length));
        // The local engine evaluates in this JVM: it keeps the models loaded here instead of loading them again.
        boolean keep = engine instanceof LocalEngine;
        // Load up front so a corrupt or incompatible model fails before anything is written; the zoo's
        // models load side by side (a plug-in's provider is not promised to be thread-safe).
        boolean ours = modelIds.stream().allMatch(id -> providers.get(id) instanceof CheckpointModelProvider);
        int threads = !ours ? 1 : Math.min(PLAN_THREADS,
                options.threads() != null ? options.threads() : Runtime.getRuntime().availableProcessors());
        // The probe images are read here, once (a plug-in's data set is not promised to be thread-safe
        // either); each check gets its own copy.
        INDArray probeImages = wb.data().images(probe);
        Map<String, INDArray> copies = new HashMap<>();
        for (String id : modelIds) {
            copies.put(id, probeImages.dup());
        }
        List<Checked> checked = ModelChecks.inOrder(modelIds, threads,
                id -> check(id, providers.get(id), wb, copies.get(id), probe.length), c -> c.model().close());
        for (Checked c : checked) {
            fingerprints.put(c.id(), c.fingerprint());
            if (c.diagnostics() != null) {
                diagnostics.put(c.id(), c.diagnostics());
            }
            if (keep) {
                wb.adopt(c.id(), c.model());
            } else {
                c.model().close();
            }
        }
        if (gate != null) {
            gate.checkPlan(modelIds, wb.spec().suites(), wb.data());
        }
        return new Plan(wb.inputs().request(), wb, engine, modelIds, fingerprints, diagnostics);
    }

    /** A model the plan loaded and checked, with its fingerprint and diagnostics (null when it has none). */
    private record Checked(String id, Model model, String fingerprint, Map<String, Object> diagnostics) {
    }

    /** Loads and checks one model; closes it if a check fails. Safe to run for different models at once. */
    private static Checked check(String id, ModelProvider provider, Workbench wb, INDArray probe, int samples) {
        String fingerprint = provider.fingerprint(id, wb.modelsDir());
        Model model = provider.load(id, wb.modelsDir());
        try {
            checkCompatible(model, wb.data());
            // Timed like every other model call: the diagnostics' layer traces are forward passes.
            Map<String, Object> diagnostics = SparseDiagnostics.ofModel(wb.times().counted(model), probe)
                    .map(d -> d.toMap(samples)).orElse(null);
            return new Checked(id, model, fingerprint, diagnostics);
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    private Outcome execute(Plan plan, RunState state, boolean resumed, long started) throws IOException {
        Workbench wb = plan.workbench();
        RunSpec spec = wb.spec();
        ConditionCache cache = new ConditionCache(options.reportsDir().resolve(".cache"), options.useCache());
        long total = 0;
        for (Suite s : spec.suites()) {
            long perCondition = "anomaly".equals(s.family()) ? 2L * wb.indices().length : wb.indices().length;
            total += perCondition * s.conditions().size() * plan.modelIds().size();
        }
        boolean terminal = System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI"));
        long deadlineMillis = options.maxMinutes() == null ? Long.MAX_VALUE
                : System.currentTimeMillis() - (System.nanoTime() - started) / 1_000_000
                        + (long) (options.maxMinutes() * 60_000);

        List<WorkUnit> units = new ArrayList<>();
        List<WorkUnit> todo = new ArrayList<>();
        Map<String, ConditionResult> done = new HashMap<>();
        Map<String, String> failed = new HashMap<>();
        Map<String, Integer> reuse = new LinkedHashMap<>(Map.of("checkpoint", 0, "cache", 0, "computed", 0));
        long evaluateStart;
        long evaluateEnd;
        Map<String, Object> modelInfo = new LinkedHashMap<>();
        Map<String, Object> engineInfo = new LinkedHashMap<>(Map.of("name", plan.engine().name()));
        SuiteSummaries summaries = null;
        try (Progress progress = new Progress(log, total, terminal, options.quiet())) {
            // Plan: every model × suite × condition in canonical order; reuse checkpoints and the cache.
            for (String id : plan.modelIds()) {
                modelInfo.put(id, Map.of("provider", wb.providers().get(id).name(), "sha256",
                        plan.fingerprints().get(id)));
                for (Suite suite : spec.suites()) {
                    for (Condition c : suite.conditions()) {
                        String key = ConditionCache.key(plan.fingerprints().get(id), suite, c, wb.data().sha256(),
                                wb.indices(), spec.seed(), spec.batch());
                        WorkUnit unit = new WorkUnit(key, id, suite.id(), c.id(), wb.inputs());
                        units.add(unit);
                        ConditionResult r = state.checkpoint(key);
                        String source = "checkpoint";
                        if (r == null && (r = cache.get(key)) != null) {
                            source = "cache";
                            state.save(key, r);
                        }
                        if (r == null) {
                            todo.add(unit);
                            continue;
                        }
                        progress.advance(r.samples().rows());
                        reuse.merge(source, 1, Integer::sum);
                        done.put(key, r);
                    }
                }
            }
            // Each suite is summarized in the background once its last unit is in.
            summaries = new SuiteSummaries(spec.suites(), units, done);
            SuiteSummaries summarizer = summaries;
            // Models with nothing left to compute (all checkpointed or cached) need not stay loaded.
            wb.retainAdopted(todo.stream().map(WorkUnit::model).collect(java.util.stream.Collectors.toSet()));
            // Compute the rest on the engine; each finished unit is checkpointed and cached at once.
            Map<String, WorkUnit> byKey = new HashMap<>();
            todo.forEach(u -> byKey.put(u.key(), u));
            EngineContext ctx = new EngineContext(options.master(), deadlineMillis, wb, progress, r -> {
                WorkUnit unit = byKey.get(r.key());
                if (unit == null || done.containsKey(r.key()) || failed.containsKey(r.key())) {
                    return; // not ours, or reported twice
                }
                if (r.error() != null) {
                    failed.put(r.key(), r.error());
                    log.println("sparsebench: " + unit.where() + " failed: " + r.error());
                    return;
                }
                ConditionResult result = r.result(); // parsed first: a malformed document fails before it is stored
                // The unit's own document is the checkpoint (no second serialization): resuming parses it to this result.
                state.save(r.key(), r.json());
                cache.put(r.key(), r.json());
                reuse.merge("computed", 1, Integer::sum);
                done.put(r.key(), result);
                summarizer.finished(unit, done);
            }, log);
            evaluateStart = System.nanoTime();
            // The report's one-off class loading and set-up overlaps the evaluation instead of following it.
            org.sparsebench.report.Warmup.start();
            if (!todo.isEmpty()) {
                plan.engine().execute(List.copyOf(todo), ctx);
            }
            evaluateEnd = System.nanoTime();
            engineInfo.putAll(ctx.info());
        } catch (IOException | RuntimeException | Error e) {
            if (summaries != null) {
                summaries.close();
            }
            throw e;
        }

        // Assemble in canonical order, whatever order the engine finished in.
        List<ConditionResult> results = new ArrayList<>();
        List<Map<String, Object>> failures = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        for (WorkUnit u : units) {
            if (done.containsKey(u.key())) {
                results.add(done.get(u.key()));
            } else if (failed.containsKey(u.key())) {
                failures.add(Map.of("model", u.model(), "suite", u.suite(), "condition", u.condition(),
                        "error", failed.get(u.key())));
            } else {
                pending.add(u.where());
            }
        }
        List<SuiteSummary> summaryList;
        try (SuiteSummaries s = summaries) {
            summaryList = s.all(results);
        }
        Map<String, Object> manifest = Manifest.build(spec, wb.data(), wb.indices().length, modelInfo, failures,
                pending);
        Map<String, Object> execution = new LinkedHashMap<>();
        execution.put("runId", plan.request().runId());
        execution.put("createdAt", plan.request().createdAt());
        execution.put("finishedAt", Instant.now().toString());
        execution.put("resumed", resumed);
        execution.put("engine", engineInfo);
        execution.put("conditions", reuse);
        execution.put("totalSeconds", Math.round((System.nanoTime() - started) / 1e6) / 1000.0);
        RunResults run = new RunResults(RunResults.SCHEMA, manifest, results, summaryList, execution,
                plan.diagnostics());

        ReportContext reportContext = new ReportContext(wb.plugins(), wb.datasets()::open);
        GateVerdicts verdicts = null;
        if (gate != null && pending.isEmpty()) {
            // Before the reporters, so that they can show the verdicts (Allure statuses).
            verdicts = gate.evaluate(run, failures, state.dir());
            reportContext = reportContext.withGate(verdicts);
        }
        Reporters.writeAll(wb.plugins().all(Reporter.class), run, reportContext, state.dir());
        // Phases go into execution after the reporters ran (so they are counted), before results.json.
        long end = System.nanoTime();
        Map<String, Object> phases = PhaseTimes.record(evaluateStart - started, evaluateEnd - evaluateStart,
                wb.times().modelNanos(), wb.times().modelCalls(), end - evaluateEnd, end - started);
        phases.putAll(wb.times().memory());
        execution.put("phases", phases);
        ResultStore.write(run, state.dir().resolve(ResultStore.FILE));
        if (!options.quiet()) {
            log.println(PhaseTimes.line(phases));
        }
        if (!pending.isEmpty()) {
            log.println("sparsebench: time budget of " + options.maxMinutes() + " min reached; " + pending.size()
                    + " condition(s) not run. Partial results: " + state.dir().resolve(ResultStore.FILE)
                    + ". Finish with: ./sparsebench run --resume " + plan.request().runId());
            return new Outcome(state.dir(), run, failures, true, null);
        }
        return new Outcome(state.publish(), run, failures, false, verdicts);
    }

    private static void checkModelId(String id, Map<String, ModelProvider> providers, Path modelsDir) {
        if (!providers.containsKey(id)) {
            String hint = Suggest.closest(id, providers.keySet());
            throw new ConfigException("unknown model '" + id + "'" + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                    + "; available: " + (providers.isEmpty() ? "none in " + modelsDir
                            : String.join(", ", providers.keySet())));
        }
    }

    private static void checkCompatible(Model model, Dataset data) {
        if (!model.inputShape().equals(data.shape())) {
            throw ConfigException.data("model '" + model.id() + "' expects images of " + model.inputShape() + " but "
                    + data.id() + " has " + data.shape());
        }
        if (model.numClasses() < data.numClasses()) {
            throw ConfigException.data("model '" + model.id() + "' has " + model.numClasses() + " classes but "
                    + data.id() + " has labels up to " + (data.numClasses() - 1));
        }
    }

    private static byte[] readSuite(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException(file + ": suite file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read suite file (" + e.getMessage() + ")");
        }
    }

    private static String str(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }
}
