package org.sparsebench.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.RunResults;
import org.sparsebench.compare.Gate;
import org.sparsebench.compare.Report;
import org.sparsebench.compare.ReportFormat;
import org.sparsebench.compare.RunComparison;
import org.sparsebench.compare.UnusableInputException;
import org.sparsebench.run.ResultStore;
import org.sparsebench.stats.MultipleComparisons.Correction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sparsebench compare BASELINE CURRENT}: differences, intervals and multiplicity-adjusted
 * p-values; with {@code --gate}, exit 1 on a significant regression beyond tolerance. Any input it
 * cannot compare exits 2 with one line.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two results.json files metric by metric: difference (current - baseline), interval, "
                + "p-value (McNemar on the same samples, an unpaired test otherwise), adjusted for multiplicity.",
            "Exit status: 0 ok, 1 gate failed, 2 unusable input."})
final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BASELINE", description = "The reference results.json.")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CURRENT", description = "The results.json to check.")
    Path current;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "table",
            description = "table, markdown, json or junit (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--gate", paramLabel = "FILE", description = "Gate file (e.g. ci/gate.yaml): compare only its "
            + "metrics and exit 1 when one is significantly worse beyond its tolerance.")
    Path gate;

    @Option(names = "--alpha", paramLabel = "A", description = "Significance level (default: the gate's, else 0.05).")
    Double alpha;

    @Option(names = "--correction", paramLabel = "C",
            description = "holm, bh or none (default: the gate's, else holm).")
    String correction;

    @Option(names = "--mid-p", description = "McNemar mid-p instead of the exact conditional p-value.")
    boolean midP;

    @Option(names = "--replicates", paramLabel = "B", defaultValue = "2000",
            description = "Bootstrap replicates for metrics compared by bootstrap (default: ${DEFAULT-VALUE}).")
    int replicates;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
            description = "Seed of the bootstraps (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the report to FILE (stdout then gets the one-line summary).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReportFormat fmt = parse(ReportFormat.class, "--format", format);
        if (alpha != null && !(alpha > 0 && alpha < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--alpha: " + alpha
                    + " must lie strictly between 0 and 1");
        }
        if (replicates < 100) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--replicates: " + replicates
                    + " is too few, expected at least 100");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        Report report;
        try {
            Gate g = gate == null ? null : Gate.read(gate);
            if (g != null && correction != null) {
                g = new Gate(g.alpha(), parse(Correction.class, "--correction", correction), g.metrics());
            }
            double a = alpha != null ? alpha : g != null ? g.alpha() : 0.05;
            Correction c = correction != null ? parse(Correction.class, "--correction", correction) : Correction.HOLM;
            RunResults base = read(baseline, "baseline");
            RunResults cur = read(current, "current");
            report = RunComparison.compare(base, cur, new RunComparison.Options(a, c, g, replicates, seed, midP));
        } catch (UnusableInputException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("sparsebench: " + e.getMessage());
            err.flush();
            return ExitCodes.UNUSABLE_INPUT;
        }
        String text = fmt.render(report);
        if (out != null) {
            ResultStore.writeAtomically(out, text.getBytes(StandardCharsets.UTF_8));
            stdout.println(ReportFormat.summary(report));
        } else {
            stdout.print(text);
        }
        stdout.flush();
        return report.passed() ? ExitCodes.OK : ExitCodes.GATE_FAILED;
    }

    private static RunResults read(Path file, String role) {
        try {
            return ResultStore.read(file);
        } catch (ConfigException e) {
            throw new UnusableInputException(role + " " + e.getMessage());
        } catch (RuntimeException e) {
            // A results.json that parses but lacks fields (hand-edited, truncated arrays).
            throw new UnusableInputException(role + " " + file + ": not a valid results.json (" + e + ")");
        }
    }

    private <E extends Enum<E>> E parse(Class<E> type, String option, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        StringBuilder valid = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            valid.append(valid.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw new CommandLine.ParameterException(spec.commandLine(), option + ": '" + value + "' is not one of "
                + valid);
    }
}
