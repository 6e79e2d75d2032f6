package org.sparsebench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparsebench.api.ConfigException;
import org.sparsebench.run.GateCheck;
import org.sparsebench.run.RunOptions;
import org.sparsebench.run.Runner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparsebench run [SUITE_FILE]}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a suite file (default: suites/default.yaml) and write reports/<run-id>/.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SUITE_FILE", description = "Suite file (YAML).")
    Path suiteFile;

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate N samples (stratified by class; default: the suite file's limit, else all).")
    Integer limit;

    @Option(names = "--seed", paramLabel = "SEED", description = "Overrides the suite file's seed.")
    Long seed;

    @Option(names = "--models", split = ",", paramLabel = "ID", description = "Overrides the suite file's models.")
    List<String> models;

    @Option(names = "--batch", paramLabel = "B", description = "Images per forward pass.")
    Integer batch;

    @Option(names = "--reports-dir", paramLabel = "DIR", description = "Where run folders go (default: <home>/reports).")
    Path reportsDir;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Option(names = "--resume", paramLabel = "RUN_ID",
            description = "Finish an interrupted run (reports/.incomplete-RUN_ID) without recomputing what was done.")
    String resume;

    @Option(names = "--no-cache", description = "Recompute every condition instead of reusing cached results.")
    boolean noCache;

    @Option(names = "--max-minutes", paramLabel = "M",
            description = "Stop cleanly after M minutes; the finished part is saved as partial and can be resumed.")
    Double maxMinutes;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores); the local engine splits them between lanes that evaluate different models at once (1: one lane).")
    Integer threads;

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "local",
            description = "Where the work units run: local (this JVM, default) or spark (needs the sparsebench-spark module).")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "Master of a distributed engine, e.g. local[2] or spark://host:7077 (default: the engine's).")
    String master;

    @Option(names = "--gate", paramLabel = "FILE", description = "Gate file (e.g. ci/gate.yaml): after the run, check "
            + "its metrics against --baseline as 'compare --gate' does; Allure statuses and gate-junit.xml follow the "
            + "verdicts, and the exit status is 1 when the gate fails.")
    Path gateFile;

    @Option(names = "--baseline", paramLabel = "FILE", description = "The results.json the gate compares with "
            + "(e.g. ci/baseline.json); needs --gate.")
    Path baseline;

    @Mixin
    Paths paths;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (limit != null && limit < 1) {
            throw new ConfigException("--limit: " + limit + " is out of range, expected 1 or more");
        }
        if (maxMinutes != null && !(maxMinutes > 0)) {
            throw new ConfigException("--max-minutes: " + maxMinutes + " must be positive");
        }
        if (resume != null && (suiteFile != null || limit != null || seed != null || models != null || batch != null)) {
            throw new ConfigException("--resume repeats the original run; drop SUITE_FILE, --limit, --seed, --models"
                    + " and --batch");
        }
        if (batch != null && batch < 1) {
            throw new ConfigException("--batch: " + batch + " must be at least 1");
        }
        if ((gateFile == null) != (baseline == null)) {
            throw new ConfigException(gateFile == null ? "--baseline needs --gate FILE (e.g. ci/gate.yaml)"
                    : "--gate needs --baseline FILE, the results.json to compare with (e.g. ci/baseline.json)");
        }
        GateCheck gate = gateFile == null ? null : GateCheck.open(gateFile, baseline);
        Path home = Paths.home();
        RunOptions options = new RunOptions(suiteFile != null ? suiteFile : home.resolve("suites/default.yaml"),
                reportsDir != null ? reportsDir : home.resolve("reports"), paths.modelsDir(), paths.dataDir(),
                paths.trainDir(), paths.pluginPaths(), seed, limit, models, batch, quiet, resume, !noCache, maxMinutes,
                threads, engine, master);
        Runner.Outcome outcome = new Runner(options, System.err, gate).run();
        PrintWriter out = spec.commandLine().getOut();
        out.println((outcome.partial() ? "partial results: " : "results: ") + outcome.runDir().resolve("results.json"));
        out.println("report:  " + outcome.runDir().resolve("index.html"));
        if (outcome.partial()) {
            return ExitCodes.BUDGET;
        }
        if (!outcome.failures().isEmpty()) {
            System.err.println("sparsebench: " + outcome.failures().size() + " condition(s) failed; see the report");
        }
        if (outcome.gate() != null) {
            out.println("gate:    " + outcome.runDir().resolve(GateCheck.JUNIT));
            out.println(outcome.gate().summary());
            if (!outcome.gate().passed()) {
                return ExitCodes.GATE_FAILED;
            }
        }
        return outcome.failures().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }
}
