package org.sparsebench.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparsebench.run.ResultsSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sparsebench validate <results.json>}: checks a file against the results JSON Schema. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check results.json files against the committed JSON Schema (sparsebench.results/1).")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RESULTS_JSON")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean ok = true;
        for (Path f : files) {
            List<String> errors = ResultsSchema.validate(f);
            if (errors.isEmpty()) {
                spec.commandLine().getOut().println(f + ": valid");
            } else {
                ok = false;
                for (String e : errors) {
                    spec.commandLine().getErr().println(f + ": " + e);
                }
            }
        }
        return ok ? ExitCodes.OK : ExitCodes.BAD_DATA;
    }
}
