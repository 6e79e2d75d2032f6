package org.sparsebench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.Reporter;
import org.sparsebench.api.RunResults;
import org.sparsebench.compare.Leaderboard;

/** The leaderboard of the models of one run, beside its report ({@code leaderboard.html/.json/.csv}). */
public final class LeaderboardReporter implements Reporter {
    public static final double ALPHA = 0.05;

    @Override
    public String name() {
        return "leaderboard";
    }

    @Override
    public String description() {
        return "leaderboard of this run's models per threat model, with significance-aware ranks";
    }

    @Override
    public void write(RunResults results, ReportContext context, Path runDir) throws IOException {
        Leaderboard.Table table = Leaderboard.build(List.of(new Leaderboard.Source(results, HtmlReporter.FILE)), ALPHA);
        LeaderboardPage.write(table, "SparseBench leaderboard · " + results.manifest().getOrDefault("name", "run") + " · "
                + results.runId(), runDir);
    }
}
