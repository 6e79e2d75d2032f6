package org.sparsebench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparsebench.api.ConfigException;
import org.sparsebench.compare.Leaderboard;
import org.sparsebench.report.HtmlReporter;
import org.sparsebench.report.LeaderboardPage;
import org.sparsebench.run.ResultStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sparsebench leaderboard <results.json…> --out <dir>}. */
@Command(name = "leaderboard", mixinStandardHelpOptions = true,
        description = "Rank the models of one or more runs per threat model; writes leaderboard.html/.json/.csv.")
final class LeaderboardCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RESULTS_JSON")
    List<Path> files;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--alpha", defaultValue = "0.05", description = "Significance level for tied ranks (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--title", defaultValue = "SparseBench leaderboard", description = "Page title.")
    String title;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(alpha > 0 && alpha < 1)) {
            throw new ConfigException("--alpha: " + alpha + " must be between 0 and 1");
        }
        List<Leaderboard.Source> sources = new ArrayList<>();
        Path outAbs = out.toAbsolutePath().normalize();
        for (Path f : files) {
            Path report = f.toAbsolutePath().normalize().resolveSibling(HtmlReporter.FILE);
            String link = Files.exists(report) ? outAbs.relativize(report).toString() : null;
            sources.add(new Leaderboard.Source(ResultStore.read(f), link));
        }
        Files.createDirectories(outAbs);
        Leaderboard.Table table = Leaderboard.build(sources, alpha);
        LeaderboardPage.write(table, title, outAbs);
        spec.commandLine().getOut().println("leaderboard: " + outAbs.resolve(LeaderboardPage.HTML) + " ("
                + table.entries().size() + " models, " + table.columns().size() + " columns)");
        return ExitCodes.OK;
    }
}
