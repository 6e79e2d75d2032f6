package org.sparsebench.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.sparsebench.api.Condition;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Model;
import org.sparsebench.api.ModelProvider;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.Reporter;
import org.sparsebench.api.RunResults;
import org.sparsebench.api.Suite;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.api.SuiteSummary;
import org.sparsebench.api.Suggest;
import org.sparsebench.data.Datasets;
import org.sparsebench.data.StratifiedSampler;
import org.sparsebench.suites.support.NonFiniteOutputException;

/**
 * The one orchestrator: reads the suite file, resolves models and data, evaluates every model ×
 * suite × condition, and publishes the run folder ({@code results.json} and the reporters' files)
 * only once it is complete, then points {@code reports/latest} at it.
 */
public final class Runner {
    private final RunOptions options;
    private final PrintStream log;

    public Runner(RunOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    /** Outcome: the published run folder and the conditions that failed (non-finite output). */
    public record Outcome(Path runDir, RunResults results, List<Map<String, Object>> failures) {
    }

    public Outcome run() throws IOException {
        long started = System.nanoTime();
        Instant createdAt = Instant.now();
        PluginRegistry plugins = PluginRegistry.load(options.pluginPaths());
        RunSpec spec = SuiteFile.read(options.suiteFile(), plugins)
                .withOverrides(options.seed(), options.limit(), options.models(), options.batch());
        if (spec.limit() < 0) {
            throw new ConfigException("--limit: " + spec.limit() + " is out of range, expected 1 or more (0 = all)");
        }
        Datasets datasets = new Datasets(options.dataDir(), options.trainDir());
        Dataset data = datasets.open(spec.data());
        int[] indices = spec.limit() > 0 && spec.limit() < data.size()
                ? StratifiedSampler.sample(data, spec.limit(), spec.seed())
                : IntStream.range(0, data.size()).toArray();

        Map<String, ModelProvider> providerOf = modelIndex(plugins);
        List<String> modelIds = spec.models().isEmpty() ? List.copyOf(providerOf.keySet()) : spec.models();
        if (modelIds.isEmpty()) {
            throw new ConfigException(options.modelsDir() + ": no models found");
        }
        for (String id : modelIds) {
            checkModelId(id, providerOf);
        }

        long total = 0;
        for (Suite s : spec.suites()) {
            long perCondition = "anomaly".equals(s.family()) ? 2L * indices.length : indices.length;
            total += perCondition * s.conditions().size() * modelIds.size();
        }
        boolean terminal = System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI"));
        Progress progress = new Progress(log, total, terminal, options.quiet());

        List<ConditionResult> results = new ArrayList<>();
        List<Map<String, Object>> failures = new ArrayList<>();
        Map<String, Object> modelInfo = new LinkedHashMap<>();
        for (String id : modelIds) {
            ModelProvider provider = providerOf.get(id);
            modelInfo.put(id, Map.of("provider", provider.name(), "sha256", provider.fingerprint(id, options.modelsDir())));
            try (Model model = provider.load(id, options.modelsDir())) {
                checkCompatible(model, data);
                SuiteContext ctx = new SuiteContext(data, indices, spec.seed(), spec.batch(), datasets::open,
                        progress::advance);
                for (Suite suite : spec.suites()) {
                    for (Condition c : suite.conditions()) {
                        progress.label(id + " · " + suite.id() + " · " + c.id());
                        try {
                            results.add(suite.evaluate(model, c, ctx));
                        } catch (NonFiniteOutputException e) {
                            failures.add(Map.of("model", id, "suite", suite.id(), "condition", c.id(), "error",
                                    e.getMessage()));
                            log.println("sparsebench: " + id + " / " + suite.id() + " / " + c.id() + " failed: "
                                    + e.getMessage());
                        }
                    }
                }
            }
        }
        progress.close();

        List<SuiteSummary> summaries = new ArrayList<>();
        for (Suite suite : spec.suites()) {
            List<ConditionResult> own = results.stream().filter(r -> r.suite().equals(suite.id())).toList();
            summaries.addAll(suite.summarize(own));
        }

        String runId = runId(createdAt);
        Map<String, Object> manifest = Manifest.build(runId, createdAt, spec, data, indices.length, modelInfo,
                failures, (System.nanoTime() - started) / 1e9);
        RunResults run = new RunResults(RunResults.SCHEMA, manifest, results, summaries);
        Path runDir = publish(run, runId, plugins.all(Reporter.class),
                new ReportContext(plugins, datasets::open));
        return new Outcome(runDir, run, failures);
    }

    /** Writes everything into a hidden folder, then renames it into place and moves {@code latest}. */
    private Path publish(RunResults run, String runId, List<Reporter> reporters, ReportContext context) throws IOException {
        Path reports = options.reportsDir();
        Files.createDirectories(reports);
        Path tmp = reports.resolve(".incomplete-" + runId);
        Path dir = reports.resolve(runId);
        try {
            Files.createDirectories(tmp);
            ResultStore.write(run, tmp.resolve(ResultStore.FILE));
            for (Reporter r : reporters) {
                r.write(run, context, tmp);
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(tmp);
        }
        Path link = reports.resolve(".latest-" + runId);
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, dir.getFileName());
        Files.move(link, reports.resolve("latest"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return dir;
    }

    private Map<String, ModelProvider> modelIndex(PluginRegistry plugins) {
        Map<String, ModelProvider> out = new LinkedHashMap<>();
        for (ModelProvider p : plugins.all(ModelProvider.class)) {
            for (String id : p.models(options.modelsDir()).keySet()) {
                out.putIfAbsent(id, p);
            }
        }
        return out;
    }

    private void checkModelId(String id, Map<String, ModelProvider> providerOf) {
        if (!providerOf.containsKey(id)) {
            String hint = Suggest.closest(id, providerOf.keySet());
            throw new ConfigException("unknown model '" + id + "'" + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                    + "; available: " + (providerOf.isEmpty() ? "none in " + options.modelsDir()
                            : String.join(", ", providerOf.keySet())));
        }
    }

    private static void checkCompatible(Model model, Dataset data) {
        if (!model.inputShape().equals(data.shape())) {
            throw new ConfigException("model '" + model.id() + "' expects images of " + model.inputShape() + " but "
                    + data.id() + " has " + data.shape());
        }
        if (model.numClasses() < data.numClasses()) {
            throw new ConfigException("model '" + model.id() + "' has " + model.numClasses() + " classes but "
                    + data.id() + " has labels up to " + (data.numClasses() - 1));
        }
    }

    static String runId(Instant t) {
        return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC).format(t);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
