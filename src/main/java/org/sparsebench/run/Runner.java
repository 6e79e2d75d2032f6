package org.sparsebench.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.sparsebench.api.Condition;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Model;
import org.sparsebench.api.ModelProvider;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.Reporter;
import org.sparsebench.api.RunResults;
import org.sparsebench.api.Suggest;
import org.sparsebench.api.Suite;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.api.SuiteSummary;
import org.sparsebench.data.Datasets;
import org.sparsebench.data.StratifiedSampler;
import org.sparsebench.suites.support.NonFiniteOutputException;

/**
 * The one orchestrator. It validates everything a run needs before it writes anything (suite file,
 * data, models), then evaluates every model × suite × condition, checkpointing each as it finishes
 * in {@code reports/.incomplete-<id>/} and reusing checkpoints (after a crash, {@code --resume}) and
 * cached results of identical inputs. Only a complete run is published as {@code reports/<id>/} and
 * becomes {@code reports/latest}; a run stopped by {@code --max-minutes} writes a partial
 * results.json into its unfinished folder and can be resumed.
 */
public final class Runner {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final RunOptions options;
    private final PrintStream log;

    public Runner(RunOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    /**
     * Outcome of a run.
     *
     * @param runDir   the published folder, or the unfinished one when {@code partial}
     * @param failures conditions that failed (non-finite model output)
     * @param partial  stopped by the time budget; resume with the run id
     */
    public record Outcome(Path runDir, RunResults results, List<Map<String, Object>> failures, boolean partial) {
    }

    /** Everything resolved and validated before the first condition runs. */
    private record Plan(RunRequest request, byte[] suiteBytes, PluginRegistry plugins, RunSpec spec, Datasets datasets,
            Dataset data, int[] indices, List<String> modelIds, Map<String, ModelProvider> providers,
            Map<String, String> fingerprints, Path modelsDir) {
    }

    public Outcome run() throws IOException {
        long started = System.nanoTime();
        Threads.apply(options.threads());
        RunState resumed = options.resume() != null ? RunState.open(options.reportsDir(), options.resume()) : null;
        Plan plan = plan(resumed);
        RunState state = resumed != null ? resumed
                : RunState.create(options.reportsDir(), plan.request(), plan.suiteBytes());
        String runId = plan.request().runId();
        Thread hook = new Thread(() -> log.println("\nsparsebench: interrupted; finished conditions are saved. Resume with:"
                + " ./sparsebench run --resume " + runId));
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

    private Plan plan(RunState resumed) {
        RunRequest req;
        Path suitePath;
        if (resumed != null) {
            req = resumed.request();
            suitePath = resumed.suiteCopy();
        } else {
            String runId = RUN_ID.format(Instant.now());
            req = new RunRequest(runId, Instant.now().toString(), options.suiteFile().toString(), options.seed(),
                    options.limit(), options.models(), options.batch(), str(options.modelsDir()),
                    str(options.dataDir()), str(options.trainDir()),
                    options.pluginPaths().stream().map(Path::toString).toList());
            suitePath = options.suiteFile();
        }
        PluginRegistry plugins = PluginRegistry.load(req.pluginPaths().stream().map(Path::of).toList());
        RunSpec spec = SuiteFile.read(suitePath, req.suiteFile(), plugins)
                .withOverrides(req.seed(), req.limit(), req.models(), req.batch());
        byte[] suiteBytes = readSuite(suitePath);
        Datasets datasets = new Datasets(Path.of(req.dataDir()), Path.of(req.trainDir()));
        Dataset data = datasets.open(spec.data());
        int[] indices = spec.limit() > 0 && spec.limit() < data.size()
                ? StratifiedSampler.sample(data, spec.limit(), spec.seed())
                : IntStream.range(0, data.size()).toArray();

        Path modelsDir = Path.of(req.modelsDir());
        Map<String, ModelProvider> providers = modelIndex(plugins, modelsDir);
        List<String> modelIds = spec.models().isEmpty() ? List.copyOf(providers.keySet()) : spec.models();
        if (modelIds.isEmpty()) {
            throw ConfigException.model(modelsDir + ": no models found");
        }
        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (String id : modelIds) {
            checkModelId(id, providers, modelsDir);
            fingerprints.put(id, providers.get(id).fingerprint(id, modelsDir));
            // Load once up front so a corrupt or incompatible model fails before anything is written.
            try (Model model = providers.get(id).load(id, modelsDir)) {
                checkCompatible(model, data);
            }
        }
        return new Plan(req, suiteBytes, plugins, spec, datasets, data, indices, modelIds, providers, fingerprints,
                modelsDir);
    }

    private Outcome execute(Plan plan, RunState state, boolean resumed, long started) throws IOException {
        RunSpec spec = plan.spec();
        ConditionCache cache = new ConditionCache(options.reportsDir().resolve(".cache"), options.useCache());
        long total = 0;
        for (Suite s : spec.suites()) {
            long perCondition = "anomaly".equals(s.family()) ? 2L * plan.indices().length : plan.indices().length;
            total += perCondition * s.conditions().size() * plan.modelIds().size();
        }
        boolean terminal = System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI"));
        long deadline = options.maxMinutes() == null ? Long.MAX_VALUE
                : started + (long) (options.maxMinutes() * 60e9);

        List<ConditionResult> results = new ArrayList<>();
        List<Map<String, Object>> failures = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        Map<String, Integer> reuse = new LinkedHashMap<>(Map.of("checkpoint", 0, "cache", 0, "computed", 0));
        Map<String, Object> modelInfo = new LinkedHashMap<>();
        try (Progress progress = new Progress(log, total, terminal, options.quiet())) {
            for (String id : plan.modelIds()) {
                ModelProvider provider = plan.providers().get(id);
                modelInfo.put(id, Map.of("provider", provider.name(), "sha256", plan.fingerprints().get(id)));
                Model model = null;
                try {
                    SuiteContext ctx = new SuiteContext(plan.data(), plan.indices(), spec.seed(), spec.batch(),
                            plan.datasets()::open, progress::advance);
                    for (Suite suite : spec.suites()) {
                        for (Condition c : suite.conditions()) {
                            String where = id + " / " + suite.id() + " / " + c.id();
                            if (System.nanoTime() > deadline) {
                                pending.add(where);
                                continue;
                            }
                            progress.label(id + " · " + suite.id() + " · " + c.id());
                            String key = ConditionCache.key(plan.fingerprints().get(id), suite, c,
                                    plan.data().sha256(), plan.indices(), spec.seed(), spec.batch());
                            ConditionResult r = state.checkpoint(key);
                            String source = "checkpoint";
                            if (r == null && (r = cache.get(key)) != null) {
                                source = "cache";
                                state.save(key, r);
                            }
                            if (r == null) {
                                if (model == null) {
                                    model = provider.load(id, plan.modelsDir());
                                }
                                try {
                                    r = suite.evaluate(model, c, ctx);
                                } catch (NonFiniteOutputException e) {
                                    failures.add(Map.of("model", id, "suite", suite.id(), "condition", c.id(),
                                            "error", e.getMessage()));
                                    log.println("sparsebench: " + where + " failed: " + e.getMessage());
                                    continue;
                                }
                                source = "computed";
                                state.save(key, r);
                                cache.put(key, r);
                            } else {
                                progress.advance(r.samples().rows());
                            }
                            reuse.merge(source, 1, Integer::sum);
                            results.add(r);
                        }
                    }
                } finally {
                    if (model != null) {
                        model.close();
                    }
                }
            }
        }

        List<SuiteSummary> summaries = new ArrayList<>();
        for (Suite suite : spec.suites()) {
            summaries.addAll(suite.summarize(results.stream().filter(r -> r.suite().equals(suite.id())).toList()));
        }
        Map<String, Object> manifest = Manifest.build(spec, plan.data(), plan.indices().length, modelInfo, failures,
                pending);
        Map<String, Object> execution = new LinkedHashMap<>();
        execution.put("runId", plan.request().runId());
        execution.put("createdAt", plan.request().createdAt());
        execution.put("finishedAt", Instant.now().toString());
        execution.put("resumed", resumed);
        execution.put("conditions", reuse);
        execution.put("totalSeconds", Math.round((System.nanoTime() - started) / 1e6) / 1000.0);
        RunResults run = new RunResults(RunResults.SCHEMA, manifest, results, summaries, execution);

        ReportContext reportContext = new ReportContext(plan.plugins(), plan.datasets()::open);
        ResultStore.write(run, state.dir().resolve(ResultStore.FILE));
        for (Reporter r : plan.plugins().all(Reporter.class)) {
            r.write(run, reportContext, state.dir());
        }
        if (!pending.isEmpty()) {
            log.println("sparsebench: time budget of " + options.maxMinutes() + " min reached; " + pending.size()
                    + " condition(s) not run. Partial results: " + state.dir().resolve(ResultStore.FILE)
                    + ". Finish with: ./sparsebench run --resume " + plan.request().runId());
            return new Outcome(state.dir(), run, failures, true);
        }
        return new Outcome(state.publish(), run, failures, false);
    }

    private static Map<String, ModelProvider> modelIndex(PluginRegistry plugins, Path modelsDir) {
        Map<String, ModelProvider> out = new LinkedHashMap<>();
        for (ModelProvider p : plugins.all(ModelProvider.class)) {
            for (String id : p.models(modelsDir).keySet()) {
                out.putIfAbsent(id, p);
            }
        }
        return out;
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
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read suite file (" + e.getMessage() + ")");
        }
    }

    private static String str(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }
}
