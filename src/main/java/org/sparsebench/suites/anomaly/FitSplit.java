package org.sparsebench.suites.anomaly;

import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Seeds;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.data.StratifiedSampler;

/**
 * The in-distribution data that {@link FittedScore}s are fitted on. By default ({@code data} null)
 * it is a class-stratified, seeded sample of the run's own dataset <em>disjoint from the evaluated
 * samples</em> — for the embedded Fashion-MNIST test set that works offline on a fresh clone and
 * never fits on a sample it then scores. Naming another dataset (e.g. {@code fashion-mnist-train},
 * which needs Debian's dataset-fashion-mnist) samples that one instead.
 *
 * @param data dataset id, or null for the run's data minus the evaluated samples
 * @param size at most this many samples (fewer when fewer are available)
 */
public record FitSplit(String data, int size) {
    public static final int DEFAULT_SIZE = 5000;
    static final String STREAM = "anomaly-fit";

    public FitSplit {
        if (size < 1) {
            throw new IllegalArgumentException("fit size must be positive, got " + size);
        }
    }

    /** The run's data minus the evaluated samples, at most {@value #DEFAULT_SIZE} of them. */
    public static FitSplit defaults() {
        return new FitSplit(null, DEFAULT_SIZE);
    }

    /** The dataset to fit on. */
    public Dataset dataset(SuiteContext ctx) {
        return data == null || data.equals(ctx.data().id()) ? ctx.data() : ctx.datasets().resolve(data);
    }

    /** The fit samples' indices into {@link #dataset}, ascending; never overlapping the evaluated ones. */
    public int[] indices(SuiteContext ctx) {
        Dataset d = dataset(ctx);
        long seed = Seeds.of(ctx.seed(), STREAM, 0);
        if (d != ctx.data()) {
            return StratifiedSampler.sample(d, Math.min(size, d.size()), seed);
        }
        boolean[] used = new boolean[d.size()];
        for (int i : ctx.indices()) {
            used[i] = true;
        }
        int free = d.size() - (int) java.util.stream.IntStream.range(0, used.length).filter(i -> used[i]).count();
        if (free == 0) {
            throw new ConfigException("anomaly suite: every sample of " + d.id() + " is evaluated, none is left to fit "
                    + "Mahalanobis/kNN on; set a limit below " + d.size() + " or fit.data: fashion-mnist-train");
        }
        int[] rest = new int[free];
        int[] labels = new int[free];
        int k = 0;
        for (int i = 0; i < used.length; i++) {
            if (!used[i]) {
                rest[k] = i;
                labels[k++] = d.label(i);
            }
        }
        int[] pick = StratifiedSampler.sample(labels, Math.min(size, free), seed);
        int[] out = new int[pick.length];
        for (int i = 0; i < pick.length; i++) {
            out[i] = rest[pick[i]];
        }
        return out;
    }

    /** One line for the condition parameters. */
    public String describe(SuiteContext ctx, int n) {
        Dataset d = dataset(ctx);
        return n + " samples of " + d.id() + (d == ctx.data() ? " disjoint from the evaluated ones" : "")
                + " (class-stratified, seeded)";
    }
}
