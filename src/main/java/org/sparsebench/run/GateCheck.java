package org.sparsebench.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.GateVerdicts;
import org.sparsebench.api.RunResults;
import org.sparsebench.api.Suite;
import org.sparsebench.compare.ConditionVerdicts;
import org.sparsebench.compare.Gate;
import org.sparsebench.compare.Report;
import org.sparsebench.compare.ReportFormat;
import org.sparsebench.compare.RunComparison;
import org.sparsebench.compare.UnusableInputException;

/**
 * The regression gate of {@code run --gate FILE --baseline FILE}: the gate file and the baseline
 * results, read and checked against the plan before anything runs, then, once the run's results are
 * assembled, the same comparison as {@code sparsebench compare --gate} ({@link RunComparison}, default
 * bootstrap replicates and seed), its JUnit XML written into the run folder as {@value #JUNIT}, and
 * its verdict per condition for the reporters.
 */
public final class GateCheck {
    /** The gate's verdicts as JUnit XML (Surefire style), in the run folder. */
    public static final String JUNIT = "gate-junit.xml";

    private final Gate gate;
    private final RunResults baseline;
    private final Path baselineFile;

    private GateCheck(Gate gate, RunResults baseline, Path baselineFile) {
        this.gate = gate;
        this.baseline = baseline;
        this.baselineFile = baselineFile;
    }

    /** Reads both files; a missing, unreadable or invalid one is a {@link ConfigException} naming it. */
    public static GateCheck open(Path gateFile, Path baselineFile) {
        Gate gate;
        try {
            gate = Gate.read(gateFile);
        } catch (UnusableInputException e) {
            throw new ConfigException("--gate " + e.getMessage());
        }
        RunResults baseline;
        try {
            baseline = ResultStore.read(baselineFile);
        } catch (ConfigException e) {
            throw new ConfigException("--baseline " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Parses as JSON but lacks fields (hand-edited, truncated arrays).
            throw new ConfigException("--baseline " + baselineFile + ": not a valid results.json (" + e + ")", e);
        }
        return new GateCheck(gate, baseline, baselineFile);
    }

    /**
     * Before the run: the baseline was made on the same data, and every baseline condition with a
     * gated metric is among the planned models × suites × conditions, so the gate can be checked
     * afterwards.
     */
    void checkPlan(List<String> models, List<Suite> suites, Dataset data) {
        try {
            RunComparison.checkSameData(baseline.manifest(), Map.of("data", Map.of("id", data.id(), "sha256",
                    data.sha256())));
        } catch (UnusableInputException e) {
            throw new ConfigException("--baseline " + baselineFile + ": " + e.getMessage());
        }
        Set<String> plan = new HashSet<>();
        for (String model : models) {
            for (Suite suite : suites) {
                suite.conditions().forEach(c -> plan.add(GateVerdicts.key(model, suite.id(), c.id())));
            }
        }
        for (ConditionResult b : baseline.results()) {
            String k = GateVerdicts.key(b.model(), b.suite(), b.condition());
            if (gate.gatesAnyOf(b.metrics()) && !plan.contains(k)) {
                throw new ConfigException("--baseline " + baselineFile + ": has " + k + " with a gated metric, which "
                        + "this run does not plan (run the baseline's suites and models)");
            }
        }
    }

    /**
     * After the run: compares it with the baseline, writes {@value #JUNIT} into {@code runDir} and
     * returns the verdicts. Conditions that failed in this run (listed in {@code failures}) are left
     * out of the comparison: their reports show them as broken already.
     */
    GateVerdicts evaluate(RunResults run, List<Map<String, Object>> failures, Path runDir) throws IOException {
        Set<String> failed = new HashSet<>();
        failures.forEach(f -> failed.add(GateVerdicts.key(String.valueOf(f.get("model")),
                String.valueOf(f.get("suite")), String.valueOf(f.get("condition")))));
        List<ConditionResult> kept = new ArrayList<>();
        for (ConditionResult b : baseline.results()) {
            if (!failed.contains(GateVerdicts.key(b.model(), b.suite(), b.condition()))) {
                kept.add(b);
            }
        }
        RunResults base = new RunResults(baseline.schema(), baseline.manifest(), kept, baseline.summaries(),
                baseline.execution());
        RunComparison.Options d = RunComparison.Options.defaults();
        Report report;
        try {
            report = RunComparison.compare(base, run, new RunComparison.Options(gate.alpha(), gate.correction(), gate,
                    d.replicates(), d.seed(), d.midP()));
        } catch (UnusableInputException e) {
            throw new ConfigException("--baseline " + baselineFile + ": " + e.getMessage());
        }
        ResultStore.writeAtomically(runDir.resolve(JUNIT), ReportFormat.JUNIT.render(report)
                .getBytes(StandardCharsets.UTF_8));
        return ConditionVerdicts.of(report, base, run);
    }
}
