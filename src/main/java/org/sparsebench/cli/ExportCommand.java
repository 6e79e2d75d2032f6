package org.sparsebench.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sparsebench.compare.SampleExport;
import org.sparsebench.run.ResultStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sparsebench export RESULTS}: per-sample records as CSV or JSON Lines. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the per-sample records of a results.json, one row per model x suite x condition x "
                + "sample (index, label, prediction, correct, ood, score, perturbation where known).")
final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RESULTS", description = "A results.json.")
    Path results;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "csv",
            description = "csv or jsonl (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SampleExport.Format f = null;
        for (SampleExport.Format x : SampleExport.Format.values()) {
            if (x.id().equalsIgnoreCase(format)) {
                f = x;
            }
        }
        if (f == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format: '" + format
                    + "' is not one of csv, jsonl");
        }
        String text = f.render(ResultStore.read(results));
        if (out != null) {
            ResultStore.writeAtomically(out, text.getBytes(StandardCharsets.UTF_8));
        } else {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(text);
            stdout.flush();
        }
        return ExitCodes.OK;
    }
}
