package org.sparsebench.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sparsebench.api.ConfigException;
import org.sparsebench.stats.SampleSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparsebench power}: test samples needed to detect an accuracy difference. */
@Command(name = "power", mixinStandardHelpOptions = true,
        description = "How many test samples (--limit) an accuracy difference needs to be detected: McNemar on the "
                + "same samples (what compare uses) and the z-test for different samples; the McNemar size is "
                + "checked by a seeded simulation.")
final class PowerCommand implements Callable<Integer> {
    private static final int FASHION_MNIST_TEST = 10_000;

    @Option(names = "--accuracy", paramLabel = "P", defaultValue = "0.9",
            description = "Baseline accuracy (default: ${DEFAULT-VALUE}).")
    double accuracy;

    @Option(names = "--difference", paramLabel = "D", required = true,
            description = "Accuracy difference to detect, e.g. 0.01 for one point.")
    double difference;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.05",
            description = "Two-sided significance level (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--power", paramLabel = "POWER", defaultValue = "0.8",
            description = "Probability of detecting the difference (default: ${DEFAULT-VALUE}).")
    double power;

    @Option(names = "--discordant", paramLabel = "PSI",
            description = "Share of samples on which the two models disagree in correctness (default: assume "
                    + "independent errors, an upper bound for similar models; measure it from two runs).")
    Double discordant;

    @Option(names = "--simulate", paramLabel = "TRIALS", defaultValue = "2000",
            description = "Simulated experiments checking the McNemar size; 0 skips (default: ${DEFAULT-VALUE}).")
    int simulate;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
            description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        double d = Math.abs(difference);
        double other = accuracy - d;
        if (!(accuracy > 0 && accuracy <= 1)) {
            throw new ConfigException("--accuracy: " + accuracy + " must lie in (0, 1]");
        }
        if (!(d > 0) || other < 0) {
            throw new ConfigException("--difference: " + difference + " must be non-zero and at most --accuracy");
        }
        if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) {
            throw new ConfigException("--alpha and --power must lie strictly between 0 and 1");
        }
        double psi = discordant != null ? discordant : SampleSize.independentDiscordance(accuracy, other);
        if (!(psi > d && psi <= 1)) {
            throw new ConfigException("--discordant: " + psi + " must exceed the difference " + d + " and be at most 1");
        }
        if (simulate < 0) {
            throw new ConfigException("--simulate: " + simulate + " is negative");
        }
        long paired = SampleSize.mcnemar(d, psi, alpha, power);
        long unpaired = SampleSize.twoProportions(accuracy, other, alpha, power);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "accuracy %.4f vs %.4f (difference %.4f), two-sided alpha %.3g, power %.2f%n",
                accuracy, other, d, alpha, power);
        out.printf(Locale.ROOT, "same samples (McNemar, as compare uses): n = %d   (discordant share %.4f%s)%n", paired,
                psi, discordant != null ? "" : ", assuming independent errors; pass --discordant from two runs");
        if (simulate > 0) {
            double sim = SampleSize.simulatedMcNemarPower(paired, d, psi, alpha, simulate, seed);
            out.printf(Locale.ROOT, "  simulated power of the exact McNemar test at n = %d: %.3f (%d trials, seed %d)%n",
                    paired, sim, simulate, seed);
        }
        out.printf(Locale.ROOT, "different samples (two-proportion z-test): n = %d per run%n", unpaired);
        if (paired <= FASHION_MNIST_TEST) {
            out.printf(Locale.ROOT, "choose --limit %d or more (the Fashion-MNIST test set has 10,000 images)%n", paired);
        } else {
            out.printf(Locale.ROOT, "more than the 10,000 Fashion-MNIST test images: only a larger difference, or models "
                    + "that disagree on fewer samples (smaller --discordant), can be detected%n");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
